/**
 * Signing in as a demo account through NextAuth's real credentials endpoint, for the e2e tests, the
 * benchmarks and the screenshots: one place, so every caller sends the same form.
 */
import type { APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD } from "../lib/common/demo-accounts";
import { SESSION_COOKIE } from "../lib/common/session-cookie";

export { DEMO_PASSWORD };

function signInForm(baseURL: string, username: string, password: string, csrfToken: string): Record<string, string> {
  return { username, password, csrfToken, json: "true", callbackUrl: `${baseURL}/appointments` };
}

/** In a Playwright request context: the session cookie lands in the context's cookie jar. */
export async function signInViaApi(
  request: APIRequestContext,
  username: string,
  baseURL: string,
  password = DEMO_PASSWORD,
  headers: Record<string, string> = {},
) {
  const { csrfToken } = (await (await request.get(`${baseURL}/api/auth/csrf`)).json()) as { csrfToken: string };
  return request.post(`${baseURL}/api/auth/callback/credentials`, {
    form: signInForm(baseURL, username, password, csrfToken),
    headers,
    maxRedirects: 0,
  });
}

/** With plain fetch: returns the Cookie header value that carries the session. */
export async function signInForCookie(baseURL: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  const response = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookies.join("; ") },
    body: new URLSearchParams(signInForm(baseURL, username, password, csrfToken)),
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!session) throw new Error(`Sign-in as ${username} failed (HTTP ${response.status}, no session cookie).`);
  return session;
}
