/**
 * Route handlers outside Next.js: there is no request scope for getServerSession(authOptions) to
 * read cookies from, so a test file mocks next-auth with `withCookieSession`, and that one call is
 * handed the cookie in `routeSession.cookie` through NextAuth's Node form (the same session code,
 * jwt callback included). In the test file:
 *
 *   vi.mock("next-auth", async (importOriginal) =>
 *     (await import("./support/route-session")).withCookieSession(await importOriginal()));
 */
import type * as NextAuth from "next-auth";
import { SESSION_COOKIE } from "@/lib/common/session-cookie";

/** The session cookie the next route call reads; undefined for a signed-out request. */
export const routeSession: { cookie: string | undefined } = { cookie: undefined };

export function withCookieSession(actual: typeof NextAuth): typeof NextAuth {
  const getServerSession = (...args: unknown[]) => {
    if (args.length !== 1) return (actual.getServerSession as (...a: unknown[]) => unknown)(...args);
    const req = {
      headers: { host: "localhost:3000" },
      cookies: routeSession.cookie ? { [SESSION_COOKIE]: routeSession.cookie } : {},
    };
    const res = { getHeader() {}, setHeader() {}, setCookie() {} };
    return (actual.getServerSession as (...a: unknown[]) => unknown)(req, res, args[0]);
  };
  return { ...actual, getServerSession } as typeof NextAuth;
}
