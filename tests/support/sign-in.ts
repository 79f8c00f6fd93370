import type { APIRequestContext } from "@playwright/test";

export const DEMO_PASSWORD = "demo1234";

/** Signs in through NextAuth's real credentials endpoint; the session cookie lands in the context. */
export async function signInViaApi(
  request: APIRequestContext,
  username: string,
  baseURL: string,
  password = DEMO_PASSWORD,
  headers: Record<string, string> = {},
) {
  const { csrfToken } = (await (await request.get(`${baseURL}/api/auth/csrf`)).json()) as { csrfToken: string };
  return request.post(`${baseURL}/api/auth/callback/credentials`, {
    form: { username, password, csrfToken, json: "true", callbackUrl: `${baseURL}/appointments` },
    headers,
    maxRedirects: 0,
  });
}
