import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "./accounts";
import { safeCallbackPath } from "../common/callback-url";
import { getAuthEnv } from "../env";
import { isSessionCurrent, nowInSeconds, SESSION_MAX_AGE_SECONDS } from "./session-lifetime";
import type { Tenant } from "../common/tenant";

declare module "next-auth" {
  interface User {
    tenant: Tenant;
  }
  interface Session {
    user: { name: string; username: string };
    tenant: Tenant;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    username?: string;
    tenant?: Tenant;
    /** Seconds since the epoch; set once at sign-in. See lib/session-lifetime.ts. */
    signedInAt?: number;
  }
}

class SessionExpiredError extends Error {
  constructor() {
    super(`The session is older than ${SESSION_MAX_AGE_SECONDS / 3600} hours; sign in again.`);
    this.name = "SessionExpiredError";
  }
}

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
      async authorize(credentials) {
        const account = await verifyCredentials(credentials?.username, credentials?.password);
        if (!account) return null;
        return { id: account.username, name: account.displayName, tenant: account.tenant };
      },
    }),
  ],
  callbacks: {
    // The tenant is copied from the account at sign-in and only ever read back from the signed JWT.
    jwt({ token, user }) {
      if (user) {
        token.username = user.id;
        token.tenant = user.tenant;
        token.signedInAt = nowInSeconds();
      }
      // Throwing here makes NextAuth clear the cookie and answer "no session".
      if (!isSessionCurrent(token.signedInAt)) throw new SessionExpiredError();
      return token;
    },
    session({ session, token }) {
      if (token.tenant && token.username) {
        session.tenant = token.tenant;
        session.user = { name: token.name ?? token.username, username: token.username };
      }
      return session;
    },
    // Every redirect NextAuth makes (after sign-in, after sign-out) follows the login page's rule.
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
    },
  },
};
