import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "./accounts";
import type { Tenant } from "./tenant";

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
  }
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

// Kept out of app/api/auth/[...nextauth]/route.ts: exporting it from a route file breaks the build.
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
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
      }
      return token;
    },
    session({ session, token }) {
      if (token.tenant && token.username) {
        session.tenant = token.tenant;
        session.user = { name: token.name ?? token.username, username: token.username };
      }
      return session;
    },
  },
};
