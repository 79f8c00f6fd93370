import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { loginPath } from "@/lib/common/callback-url";
import { getAuthEnv, getMeiliEnv } from "@/lib/env";
import {
  contentSecurityPolicy,
  searchOrigin,
  STATIC_SECURITY_HEADERS,
  transportSecurityHeaders,
} from "@/lib/http/security-headers";
import { isSessionCurrent } from "@/lib/auth/session-lifetime";
import { errorResponse } from "@/lib/http/errors";
import { checkMethod } from "@/lib/http/routes";

const PROTECTED_PAGES = ["/appointments"];

function isProtectedPage(pathname: string): boolean {
  return PROTECTED_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
}

/** The Meilisearch origin the browser may call; none while the settings are invalid. */
function meiliOrigin(): string | undefined {
  try {
    return searchOrigin(getMeiliEnv().publicHost);
  } catch {
    return undefined;
  }
}

/** Strict-Transport-Security when the app's URL is https; nothing while the settings are invalid. */
function transportSecurity(): Record<string, string> {
  try {
    return transportSecurityHeaders(getAuthEnv().origin);
  } catch {
    return {};
  }
}

/** Static files (the matcher's exclusions before): no CSP work, only the method check and HSTS. */
const STATIC_PATH = /^\/(?:_next\/static|_next\/image|favicon\.ico$|icon\.svg$|robots\.txt$)/;

function withSecurityHeaders(request: NextRequest): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy({
    nonce,
    connectOrigin: meiliOrigin(),
    dev: process.env.NODE_ENV === "development",
  });
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries({ ...STATIC_SECURITY_HEADERS, ...transportSecurity() })) {
    response.headers.set(name, value);
  }
  return response;
}

/** With invalid auth settings nobody is signed in: the login page then says why. */
async function hasCurrentSession(request: NextRequest): Promise<boolean> {
  let secret;
  try {
    secret = getAuthEnv().secret;
  } catch {
    return false;
  }
  // A cookie names its session; whether that session is live, and whose, the page reads from Postgres.
  const token = await getToken({ req: request, secret });
  return Boolean(token?.sid) && isSessionCurrent(token?.signedInAt);
}

/**
 * Every request: a method the path does not serve is answered here (see lib/http/routes.ts).
 * Every page gets the security headers. Signed-out visits to protected pages go to /login
 * (next-auth's withAuth is not used: it skips the sign-in page, which needs the headers too).
 * API routes are not redirected: they answer 401 JSON themselves.
 */
export default async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const method = checkMethod(request.method, pathname);
  if (!method.ok) {
    const response =
      method.status === 404
        ? errorResponse("not_found", "There is no such API route.")
        : errorResponse("method_not_allowed", `${request.method} is not allowed here.`, { Allow: method.allow! });
    for (const [name, value] of Object.entries(transportSecurity())) response.headers.set(name, value);
    return response;
  }
  if (STATIC_PATH.test(pathname)) {
    const response = NextResponse.next();
    for (const [name, value] of Object.entries(transportSecurity())) response.headers.set(name, value);
    return response;
  }
  if (isProtectedPage(pathname)) {
    if (!(await hasCurrentSession(request))) {
      return NextResponse.redirect(new URL(loginPath(`${pathname}${search}`), request.url));
    }
  }
  return withSecurityHeaders(request);
}

// No matcher: every request passes the method check, static files included (their other headers
// come from next.config.ts). API responses get the page headers too (cheap and harmless).
