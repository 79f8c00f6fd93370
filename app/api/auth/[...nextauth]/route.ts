import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { AppError, errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/errors";
import { clientIp, enforceRateLimit } from "@/lib/rate-limit";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

const MAX_SIGN_IN_BODY_BYTES = 4 * 1024;

/**
 * Sign-in attempts are rate limited per IP and per username before NextAuth sees them. The
 * 429 body carries `url` because next-auth/react's signIn() reads it from every response.
 */
async function POST(request: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") !== "callback/credentials") return handler(request, context);

  if (Number(request.headers.get("content-length") ?? 0) > MAX_SIGN_IN_BODY_BYTES) {
    return errorResponse("bad_request", "The sign-in request is too large.");
  }
  const form = await request.clone().formData().catch(() => null);
  if (!form) return errorResponse("bad_request", "The sign-in request is malformed.");
  const username = form.get("username");
  try {
    await enforceRateLimit("login", {
      ip: clientIp(request.headers),
      user: typeof username === "string" ? username.slice(0, 128) : undefined,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "rate_limited") return toErrorResponse(error, "sign-in");
    const url = new URL("/login?error=RateLimited", request.url).toString();
    return Response.json(
      { code: error.code, message: error.message, url },
      { status: error.status, headers: { ...NO_STORE_HEADERS, ...error.headers } },
    );
  }
  return handler(request, context);
}

export { handler as GET, POST };
