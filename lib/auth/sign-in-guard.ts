import "server-only";
import { NextRequest } from "next/server";
import { SESSION_COOKIE_SET } from "../common/session-cookie";
import { AppError } from "../http/errors";
import { mediaType, readBodyText } from "../http/request";

/**
 * What every POST to NextAuth goes through before NextAuth sees it (see
 * app/api/auth/[...nextauth]/route.ts). The rule: check the exact bytes NextAuth will parse, and
 * hand NextAuth those bytes and nothing else, so that no guard and NextAuth can read one request
 * two ways.
 */

const MAX_AUTH_BODY_BYTES = 4 * 1024;

/**
 * NextAuth 4 picks its action and provider from the first two path segments and ignores the rest,
 * so `callback/credentials/anything` signs in exactly like `callback/credentials`. Mirror that
 * rule, not the path's full spelling.
 */
export function reachesCredentialsCallback(segments: readonly string[] | undefined): boolean {
  return segments?.[0] === "callback" && segments[1] === "credentials";
}

/**
 * Parses the form the way NextAuth does (URLSearchParams over the raw text), but refuses a form
 * that names any field twice: NextAuth keeps the last value, other parsers the first, and a guard
 * and a credential check that disagree on who is signing in guard nothing.
 */
export function parseAuthForm(text: string): URLSearchParams {
  const params = new URLSearchParams(text);
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) {
    throw new AppError("bad_request", "The form names a field more than once.");
  }
  return params;
}

/**
 * Reads and checks the body of a POST to NextAuth, and returns the parsed form together with a
 * copy of the request that carries exactly the bytes that were checked.
 */
export async function readAuthForm(request: NextRequest): Promise<{ form: URLSearchParams; forward: NextRequest }> {
  // NextAuth reads JSON as well as forms; the app only ever posts forms, so accept nothing else.
  if (mediaType(request) !== "application/x-www-form-urlencoded") {
    throw new AppError("bad_request", "Sign-in requests must be sent as a form (application/x-www-form-urlencoded).");
  }
  const text = await readBodyText(request, MAX_AUTH_BODY_BYTES);
  const form = parseAuthForm(text);
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return { form, forward: new NextRequest(request.url, { method: "POST", headers, body: text }) };
}

/** NextAuth answers a successful sign-in, and only that, by setting the session cookie. */
export function setsSessionCookie(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => SESSION_COOKIE_SET.test(cookie));
}

/**
 * What authorize throws, which NextAuth puts in its error URL (`?error=<message>`): a stable code,
 * never an internal error's own message.
 */
export const SIGN_IN_REFUSALS = {
  /** The account could not be checked (Postgres down): not a wrong password. */
  unavailable: "SignInUnavailable",
} as const;

/** NextAuth's code for a wrong username or password (and for a disabled account: see authorize). */
const WRONG_CREDENTIALS = "CredentialsSignin";

/**
 * NextAuth answers every refusal of the credentials callback with 401 and
 * `{ url: ".../error?error=<code>" }` (with `json: true`), a wrong password and an error thrown in
 * authorize alike. This tells them apart: "credentials", "unavailable" (any other code: something
 * failed), or null when the response is not such a refusal.
 */
export async function credentialsRefusal(response: Response): Promise<"credentials" | "unavailable" | null> {
  if (response.status !== 401) return null;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  if (typeof body?.url !== "string") return null;
  const code = URL.parse(body.url, "http://localhost")?.searchParams.get("error");
  if (!code) return null;
  return code === WRONG_CREDENTIALS ? "credentials" : "unavailable";
}
