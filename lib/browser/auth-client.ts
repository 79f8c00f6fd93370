import "client-only";
/**
 * Browser-side calls to NextAuth's endpoints, written out rather than taken from next-auth/react:
 * its client adds session polling to every page's bundle, and its signIn() throws on any answer
 * that is not NextAuth's own (a 400, 413, 429 or 503 from the guards in front of it), which would
 * show a network error for what is really a clear refusal.
 */

export type SignInResult =
  | { ok: true }
  | {
      ok: false;
      reason: "credentials" | "rate_limited" | "rejected" | "unavailable" | "network";
      message?: string;
    };

async function csrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!response.ok) throw new Error(`csrf: ${response.status}`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

function postForm(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    cache: "no-store",
  });
}

async function serverMessage(response: Response): Promise<string | undefined> {
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  return typeof body?.message === "string" ? body.message : undefined;
}

export async function signInWithPassword(username: string, password: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await postForm("/api/auth/callback/credentials", {
      username,
      password,
      csrfToken: await csrfToken(),
      json: "true",
    });
  } catch {
    return { ok: false, reason: "network" };
  }
  // NextAuth answers a wrong password with 401 and the URL it would have redirected to; a disabled
  // account gets the same answer, so that it never confirms a password.
  if (response.status === 401) return { ok: false, reason: "credentials" };
  if (response.status === 429) return { ok: false, reason: "rate_limited", message: await serverMessage(response) };
  if (response.status >= 500) return { ok: false, reason: "unavailable", message: await serverMessage(response) };
  if (response.status >= 400) return { ok: false, reason: "rejected", message: await serverMessage(response) };
  // Success is 200 with the URL NextAuth would have redirected to; an error there is a failure too.
  const body = (await response.json().catch(() => null)) as { url?: unknown } | null;
  const url = typeof body?.url === "string" ? new URL(body.url, window.location.origin) : null;
  if (!url || url.searchParams.has("error")) return { ok: false, reason: "credentials" };
  return { ok: true };
}

export type SignOutResult = { ok: true } | { ok: false; message: string };

/**
 * Ends this session; its tenant tokens are refused by Meilisearch once the server has answered.
 * A 503 means the server could not revoke it and kept the cookie: the user is still signed in,
 * and must be told so rather than shown the sign-in page.
 */
export async function signOut(): Promise<SignOutResult> {
  let response: Response;
  try {
    response = await postForm("/api/auth/signout", { csrfToken: await csrfToken(), json: "true" });
  } catch {
    return { ok: false, message: "We could not reach the server, so you are still signed in. Please try again." };
  }
  if (response.ok || response.status === 401) return { ok: true };
  return {
    ok: false,
    message: (await serverMessage(response)) ?? "Signing out failed, so you are still signed in. Please try again.",
  };
}

export type SignOutEverywhereResult = SignOutResult;

/**
 * Ends every session of the signed-in user (this one included) and their tokens, then signs this
 * browser out as signOut() does. A refusal other than 401 (already signed out) is reported and
 * nothing else is done, so the user knows their other sessions may still be live.
 */
export async function signOutEverywhere(): Promise<SignOutEverywhereResult> {
  let response: Response;
  try {
    response = await fetch("/api/sessions/revoke-all", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { ok: false, message: "We could not reach the server. Your other sessions may still be signed in." };
  }
  if (!response.ok && response.status !== 401) {
    return {
      ok: false,
      message: (await serverMessage(response)) ?? "Signing out everywhere failed. Please try again.",
    };
  }
  // Every session, this one included, is revoked already; this only clears this browser's cookie.
  await signOut();
  return { ok: true };
}
