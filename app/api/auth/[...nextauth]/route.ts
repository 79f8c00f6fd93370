import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { normalizeUsername } from "@/lib/auth/accounts";
import { authOptions } from "@/lib/auth/options";
import { assertAuthConfigured, getAuthEnv } from "@/lib/env";
import { AppError, NO_STORE_HEADERS, toErrorResponse } from "@/lib/http/errors";
import { assertSameOrigin } from "@/lib/http/request";
import { beginSignInAttempt } from "@/lib/auth/rate-limit";
import { reachesCredentialsCallback, readAuthForm, setsSessionCookie } from "@/lib/auth/sign-in-guard";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

async function GET(request: NextRequest, context: Context) {
  try {
    assertAuthConfigured();
    return await handler(request, context);
  } catch (error) {
    return toErrorResponse(error, "auth");
  }
}

/**
 * Every POST to NextAuth passes the same guards, whatever its path: a valid configuration, the
 * app's own origin, a small form read in full and parsed once. A request that can reach the
 * credential check is rate limited per client and per (normalised) username; a success refunds the
 * username's point. The 429 body carries `url` because next-auth/react's signIn() reads it.
 */
async function POST(request: NextRequest, context: Context) {
  try {
    assertAuthConfigured();
    assertSameOrigin(request, getAuthEnv().origin);
    const { form, forward } = await readAuthForm(request);
    const { nextauth } = await context.params;
    if (!reachesCredentialsCallback(nextauth)) return await handler(forward, context);

    const username = normalizeUsername(form.get("username"));
    if (username === null) throw new AppError("bad_request", "Enter a username of 1 to 128 characters.");
    const attempt = await beginSignInAttempt(request, username);
    const response = await handler(forward, context);
    if (setsSessionCookie(response)) await attempt.succeeded();
    return response;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "rate_limited") return toErrorResponse(error, "auth");
    const url = new URL("/login?error=RateLimited", request.url).toString();
    return Response.json(
      { code: error.code, message: error.message, url },
      { status: error.status, headers: { ...NO_STORE_HEADERS, ...error.headers } },
    );
  }
}

export { GET, POST };
