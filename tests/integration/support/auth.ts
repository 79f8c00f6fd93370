import NextAuth, { getServerSession, type Session } from "next-auth";
import type { TokenReason } from "@/lib/common/token-contract";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/common/demo-accounts";
import { SESSION_COOKIE } from "@/lib/common/session-cookie";
import { authOptions } from "@/lib/auth/options";
import { issueSessionToken, revokeUserSessions, signedInSession } from "@/lib/auth/sessions";
import { AppError } from "@/lib/http/errors";
import type { TokenGrant } from "@/lib/common/token-contract";

/**
 * NextAuth's own handler and getServerSession (their Node request/response form), driven without an
 * HTTP server: real sign-in through the credentials provider and the jwt callback, real session
 * reads, real sign-out with its awaited event. Postgres and Meilisearch are the real ones.
 */

const HOST = "localhost:3000";

type Cookies = Record<string, string>;

interface Answer {
  status: number;
  body: unknown;
  cookies: Cookies;
}

/** A minimal Node-style response, enough for NextAuth's API handler. */
function fakeResponse() {
  const headers = new Map<string, unknown>();
  const answer: Answer = { status: 200, body: undefined, cookies: {} };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), value);
      return res;
    },
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    json: (body: unknown) => void (answer.body = body),
    send: (body: unknown) => void (answer.body = body),
    end: () => {},
  };
  const done = (): Answer => {
    for (const line of (headers.get("set-cookie") as string[] | undefined) ?? []) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      answer.cookies[pair!.slice(0, at)] = decodeURIComponent(pair!.slice(at + 1));
    }
    return answer;
  };
  return { res, done };
}

async function nextAuth(
  action: string[],
  { method = "GET", cookies = {}, body }: { method?: string; cookies?: Cookies; body?: Record<string, string> },
): Promise<Answer> {
  const { res, done } = fakeResponse();
  const req = { query: { nextauth: action }, method, headers: { host: HOST }, cookies, body };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions);
  return done();
}

async function csrf(): Promise<{ csrfToken: string; cookies: Cookies }> {
  const answer = await nextAuth(["csrf"], {});
  return { csrfToken: (answer.body as { csrfToken: string }).csrfToken, cookies: answer.cookies };
}

export interface SignInResult {
  status: number;
  /** The session cookie's value (the encrypted session JWT), when signed in. */
  cookie?: string;
  /** NextAuth's `?error=` on a refusal (`CredentialsSignin`, also for a disabled account; `SignInUnavailable`). */
  error?: string | null;
}

export async function signIn(username: string, password = DEMO_PASSWORD): Promise<SignInResult> {
  const { csrfToken, cookies } = await csrf();
  const answer = await nextAuth(["callback", "credentials"], {
    method: "POST",
    cookies,
    body: { username, password, csrfToken, json: "true" },
  });
  const url = (answer.body as { url?: string } | undefined)?.url;
  const error = url ? new URL(url).searchParams.get("error") : null;
  return { status: answer.status, cookie: answer.cookies[SESSION_COOKIE] || undefined, error };
}

/** Signs a demo account in; throws unless it worked. Returns the session cookie's value. */
export async function signedIn(username: string): Promise<string> {
  const result = await signIn(username);
  if (!result.cookie) throw new Error(`sign-in as ${username} failed: ${result.status} ${result.error}`);
  return result.cookie;
}

/** What getServerSession returns for this cookie: the session, or null. */
export async function readSession(cookie: string): Promise<Session | null> {
  const { res } = fakeResponse();
  const req = { headers: { host: HOST }, cookies: { [SESSION_COOKIE]: cookie } };
  return (getServerSession as unknown as (...args: unknown[]) => Promise<Session | null>)(req, res, authOptions);
}

export async function signOut(cookie: string): Promise<void> {
  const { csrfToken, cookies } = await csrf();
  await nextAuth(["signout"], {
    method: "POST",
    cookies: { ...cookies, [SESSION_COOKIE]: cookie },
    body: { csrfToken, json: "true" },
  });
}

/** POST /api/search-token, minus HTTP: the same steps as app/api/search-token/route.ts. */
export async function requestToken(
  cookie: string,
  reason?: TokenReason,
): Promise<{ status: number; grant?: TokenGrant; code?: string }> {
  const session = await readSession(cookie);
  if (session?.unavailable) return { status: 503, code: "database_unavailable" };
  const signedInAs = signedInSession(session);
  if (!signedInAs) return { status: 401, code: "unauthorized" };
  try {
    return { status: 200, grant: await issueSessionToken(signedInAs, { reason }) };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code };
    throw error;
  }
}

/** A token for a freshly signed-in demo account, and that session's cookie and id. */
export async function tokenFor(username: string): Promise<{ token: string; cookie: string; sessionId: string }> {
  const cookie = await signedIn(username);
  const { grant, status } = await requestToken(cookie);
  if (!grant) throw new Error(`token for ${username}: ${status}`);
  const session = await readSession(cookie);
  return { token: grant.token, cookie, sessionId: session!.sessionId };
}

/** Signs every demo account out everywhere (keys deleted), for tests that count sessions. */
export async function endAllSessions(): Promise<void> {
  for (const { username } of DEMO_ACCOUNTS) {
    await revokeUserSessions(username, "revoke_all", (ids) => ({
      event: "sessions_revoked",
      username,
      details: { reason: "revoke_all", sessions: ids, by: "tests" },
    }));
  }
}
