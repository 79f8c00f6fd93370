import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { normalizeUsername } from "@/lib/auth/accounts";
import { insertAuditEvent } from "@/lib/db/queries/audit";
import { authOptions, signOutOutcome } from "@/lib/auth/options";
import { pool } from "@/lib/db/client";
import { AppError, errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/http/errors";
import { withRoute } from "@/lib/auth/route";
import { SESSION_UNAVAILABLE_MESSAGE } from "@/lib/auth/request-session";
import { beginSignInAttempt, RateLimitedError, type SignInAttempt } from "@/lib/auth/rate-limit";
import {
  reachesCredentialsCallback,
  readAuthForm,
  credentialsRefusal,
  setsSessionCookie,
} from "@/lib/auth/sign-in-guard";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * The NextAuth actions a browser may GET. The rest are POST-only (the credentials callback) or
 * serve providers the app does not have: NextAuth 4 answers a GET of `callback/credentials` with a
 * 500 and an error body, so those get 405 or 404 here instead.
 */
const GET_ACTIONS = new Set(["csrf", "session", "providers", "signin", "signout", "error"]);

const GET = withRoute({ context: "auth" }, async (request: NextRequest, context: Context) => {
  const { nextauth } = await context.params;
  const action = nextauth?.[0] ?? "";
  if (reachesCredentialsCallback(nextauth)) {
    return errorResponse("method_not_allowed", "Sign in with POST from the sign-in page.", { Allow: "POST" });
  }
  if (!GET_ACTIONS.has(action)) return errorResponse("not_found", "There is no such sign-in route.");
  if (action === "session") return sessionAnswer(await handler(request, context));
  return handler(request, context);
});

/**
 * NextAuth's own session answer, unless Postgres could not say whether the session is live: then
 * 503 like every other route, without NextAuth's Set-Cookie (the cookie stays as it was).
 */
async function sessionAnswer(response: Response): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { unavailable?: unknown } | null;
  if (body?.unavailable !== true) return response;
  return errorResponse("database_unavailable", SESSION_UNAVAILABLE_MESSAGE);
}

/** Sign-out: NextAuth swallows a failed revocation, so it is caught here and answered 503, cookie kept. */
async function signOut(forward: NextRequest, context: Context): Promise<Response> {
  const outcome: { failed?: unknown } = {};
  const response = await signOutOutcome.run(outcome, () => handler(forward, context));
  if (outcome.failed === undefined) return response;
  if (outcome.failed instanceof AppError) return toErrorResponse(outcome.failed, "auth");
  return toErrorResponse(
    new AppError("database_unavailable", "Signing out failed; you are still signed in. Please try again.", {
      cause: outcome.failed,
    }),
    "auth",
  );
}

/**
 * Every POST to NextAuth passes the same guards, whatever its path: a valid configuration and the
 * app's own origin (withRoute), a small form read in full and parsed once. A request that can reach
 * the credential check is rate limited (lib/auth/rate-limit.ts); a success refunds the username's
 * point. A disabled account gets NextAuth's 401 for a wrong password, whatever the password (see
 * authorize), and a credential check that could not run 503, where NextAuth would answer 401 as for
 * a wrong password. Every refusal past the guards is in the audit trail: 401s by authorize, 429s here.
 */
const POST = withRoute({ context: "auth" }, async (request: NextRequest, context: Context) => {
  const { form, forward } = await readAuthForm(request);
  const { nextauth } = await context.params;
  if (nextauth?.[0] === "signout") return signOut(forward, context);
  if (nextauth?.[0] === "session") return sessionAnswer(await handler(forward, context));
  if (!reachesCredentialsCallback(nextauth)) return handler(forward, context);

  const username = normalizeUsername(form.get("username"));
  if (username === null) throw new AppError("bad_request", "Enter a username of 1 to 128 characters.");
  let attempt: SignInAttempt;
  try {
    attempt = await beginSignInAttempt(request, username);
  } catch (error) {
    if (error instanceof RateLimitedError) return rateLimited(request, username, error);
    throw error;
  }
  try {
    const response = await handler(forward, context);
    if (setsSessionCookie(response)) await attempt.succeeded();
    if ((await credentialsRefusal(response)) === "unavailable") {
      await attempt.notChecked();
      return errorResponse("database_unavailable", "Sign-in is unavailable right now. Please try again shortly.");
    }
    return response;
  } finally {
    attempt.finished();
  }
});

/** The 429 body carries `url` because next-auth/react's signIn() reads it. */
async function rateLimited(request: NextRequest, username: string, error: RateLimitedError): Promise<Response> {
  await insertAuditEvent(pool(), {
    event: "sign_in_failed",
    username,
    details: { reason: "rate_limited", limits: error.limits },
  }).catch((cause: unknown) => console.error("[auth] could not record a rate-limited sign-in:", cause));
  const url = new URL("/login?error=RateLimited", request.url).toString();
  return Response.json(
    { code: error.code, message: error.message, url },
    { status: error.status, headers: { ...NO_STORE_HEADERS, ...error.headers } },
  );
}

export { GET, POST };
