import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { normalizeUsername, verifyCredentials } from "./accounts";
import { safeCallbackPath } from "../common/callback-url";
import { pool } from "../db/client";
import { insertAuditEvent } from "../db/queries/audit";
import { getAuthEnv } from "../env";
import { AppError } from "../http/errors";
import { SIGN_IN_REFUSALS } from "./sign-in-guard";
import { claimedValues, claimsDisagreeing } from "./session-claims";
import { endSession, readSessionRecord, startSession, type SessionState } from "./sessions";
import { isSessionCurrent, nowInSeconds, SESSION_MAX_AGE_SECONDS } from "./session-lifetime";
import type { SignedInAccount } from "./accounts";
import type { Tenant } from "../common/tenant";

declare module "next-auth" {
  interface Session {
    user: { name: string; username: string };
    tenant: Tenant;
    /** The `sessions` row, and the uid of the Meilisearch key that signs this session's tokens. */
    sessionId: string;
    /** ISO 8601: when this sign-in ends, however often the session is read meanwhile. */
    endsAt: string;
    /** Set, with no tenant, when Postgres could not say whether the session is live (503, not 401). */
    unavailable?: true;
  }
}

// The cookie names the session and nothing more: see lib/auth/session-claims.ts.
declare module "next-auth/jwt" {
  interface JWT {
    /** Seconds since the epoch; set once at sign-in. See lib/auth/session-lifetime.ts. */
    signedInAt?: number;
    /** The id of the session's row in `sessions`. */
    sid?: string;
    unavailable?: true;
  }
}

/**
 * Thrown in the jwt callback for a cookie whose session no longer counts; NextAuth then answers "no
 * session". (The browser's SessionEndedError is the token route's 401 seen from the page.)
 */
class SessionNotLiveError extends Error {
  constructor(readonly state: Exclude<SessionState, "live"> | "too_old" | "disagrees") {
    super(
      state === "too_old"
        ? `The session is older than ${SESSION_MAX_AGE_SECONDS / 3600} hours; sign in again.`
        : state === "disagrees"
          ? "The session cookie disagrees with its session; sign in again."
          : `The session has ended (${state}); sign in again.`,
    );
    this.name = "SessionNotLiveError";
  }
}

/**
 * The account a session read found, handed from the jwt callback to the session callback. NextAuth
 * passes the jwt callback's return value to both the session callback and the cookie encoder, so
 * the row's data reaches the session without being written into the cookie.
 */
const accountOfSession = new WeakMap<JWT, SignedInAccount>();

/**
 * NextAuth 4 awaits events.signOut but swallows what it throws, and clears the cookie anyway. The
 * sign-out route runs NextAuth inside this store, so it can tell that the revocation failed and
 * answer 503 instead, keeping the cookie (the user is still signed in everywhere, and can retry).
 */
export const signOutOutcome = new AsyncLocalStorage<{ failed?: unknown }>();

// Kept out of app/api/auth/[...nextauth]/route.ts: exporting it from a route file breaks the build.
export const authOptions: NextAuthOptions = {
  // A getter, so NextAuth uses exactly the secret lib/env.ts validated, and every entry point
  // (the auth routes, getServerSession) throws an EnvError instead of running with a bad one.
  // NextAuth would otherwise fall back to NEXTAUTH_SECRET or AUTH_SECRET unchecked.
  get secret() {
    return getAuthEnv().secret;
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  // Without this the session JWT's own `exp` is NextAuth's default of 30 days.
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Demo account",
      credentials: {
        username: { label: "Username", type: "text" },
        password: { label: "Password", type: "password" },
      },
      // NextAuth turns a thrown error into `?error=<message>` in its answer, which the sign-in route
      // turns into 503: so only a stable code is thrown, never a raw error. A disabled account is
      // refused like a wrong password (null: 401 CredentialsSignin), whatever the password: any other
      // answer for the right password would confirm it to whoever is guessing.
      async authorize(credentials) {
        let check;
        try {
          check = await verifyCredentials(credentials?.username, credentials?.password);
          if (!check.ok) {
            await insertAuditEvent(pool(), {
              event: "sign_in_failed",
              username: normalizeUsername(credentials?.username),
              details: { reason: check.reason },
            });
          }
        } catch (error) {
          console.error("[auth] the credential check failed:", error);
          throw new Error(SIGN_IN_REFUSALS.unavailable);
        }
        if (!check.ok) return null;
        return { id: check.account.username };
      },
    }),
  ],
  callbacks: {
    // The cookie only names the session; on every read the session's row and its account say
    // whether it still counts and who it is (one query: see readSessionRecord in lib/auth/sessions.ts).
    async jwt({ token, user }) {
      if (user) {
        const signedInAt = nowInSeconds();
        const session = await startSession(user.id, signedInAt);
        return { sub: user.id, sid: session.id, signedInAt };
      }
      // Throwing here makes NextAuth answer "no session" (and clear the cookie where it can).
      if (!isSessionCurrent(token.signedInAt)) throw new SessionNotLiveError("too_old");
      let record;
      try {
        record = await readSessionRecord(token.sid);
      } catch (error) {
        // Not known to be live, so no tenant; but not known to be over either: keep the cookie and
        // answer 503. Any failure to read the row counts (Postgres unreachable, but also a statement
        // timeout): only the row itself can say that a session has ended.
        console.error("[auth] the session's row could not be read:", error instanceof AppError ? error.cause : error);
        return { sub: token.sub, sid: token.sid, signedInAt: token.signedInAt, unavailable: true };
      }
      if (record.state === "unknown") throw new SessionNotLiveError("unknown");
      const disagreeing = claimsDisagreeing(token, record.account);
      if (disagreeing.length > 0) {
        // Only the secret can sign such a cookie: it has leaked, or the account was changed by hand.
        await insertAuditEvent(pool(), {
          event: "sign_in_failed",
          username: record.account.username,
          sessionId: token.sid,
          details: { reason: "cookie_disagrees", claims: claimedValues(token, disagreeing) },
        }).catch((error: unknown) => console.error("[auth] could not record a refused session cookie:", error));
        throw new SessionNotLiveError("disagrees");
      }
      if (record.state !== "live") throw new SessionNotLiveError(record.state);
      const claims: JWT = { sub: record.account.username, sid: token.sid, signedInAt: token.signedInAt };
      accountOfSession.set(claims, record.account);
      return claims;
    },
    session({ session, token }) {
      if (token.unavailable) return { expires: session.expires, unavailable: true } as typeof session;
      const account = accountOfSession.get(token);
      if (account && token.sid && token.signedInAt) {
        session.tenant = account.tenant;
        session.user = { name: account.displayName, username: account.username };
        session.sessionId = token.sid;
        session.endsAt = new Date((token.signedInAt + SESSION_MAX_AGE_SECONDS) * 1000).toISOString();
      }
      return session;
    },
    // Every redirect NextAuth makes (after sign-in, after sign-out) follows the login page's rule.
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
    },
  },
  events: {
    // Awaited by NextAuth before it answers: by the time the sign-out response arrives, the session
    // is revoked in Postgres and its key deleted from Meilisearch (or, if Meilisearch is down, left
    // to the cleanup: the session gets no token meanwhile).
    async signOut({ token }) {
      try {
        await endSession(token?.sid, "sign_out");
      } catch (error) {
        const outcome = signOutOutcome.getStore();
        if (outcome) outcome.failed = error;
        throw error;
      }
    },
  },
  logger: {
    // An ended session is the expected answer to a revoked cookie, not a server error worth a log line.
    error(code, metadata) {
      const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
      if (error instanceof Error && error.name === "SessionNotLiveError") return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
    warn(code) {
      console.warn(`[next-auth][warn][${code}]`);
    },
    debug() {},
  },
};
