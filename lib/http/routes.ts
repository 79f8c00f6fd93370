/**
 * The methods each path answers, for proxy.ts: anything else gets 405 (or 404 for an API path the
 * app does not have) in the usual JSON, before Next.js sees it. Without this, Next.js answers
 * methods it has no handler for (TRACE on any path, or POST on a page) with a 500 and a stack trace
 * in the log, and an unknown /api path with the HTML not-found page.
 *
 * tests/unit/routes.test.ts checks this table against the route files' exports, so a new route or
 * method cannot be forgotten here.
 */

type HttpMethod = "GET" | "HEAD" | "POST" | "PATCH";

interface ApiRoute {
  /** The route file under app/, e.g. `api/appointments/[id]/route.ts`. */
  file: string;
  pattern: RegExp;
  methods: readonly HttpMethod[];
}

export const API_ROUTES: readonly ApiRoute[] = [
  { file: "api/appointments/route.ts", pattern: /^\/api\/appointments$/, methods: ["POST"] },
  { file: "api/appointments/[id]/route.ts", pattern: /^\/api\/appointments\/[^/]+$/, methods: ["PATCH"] },
  // NextAuth's own actions; its route narrows GET further (see app/api/auth/[...nextauth]/route.ts).
  { file: "api/auth/[...nextauth]/route.ts", pattern: /^\/api\/auth\/.+$/, methods: ["GET", "HEAD", "POST"] },
  { file: "api/health/route.ts", pattern: /^\/api\/health$/, methods: ["GET", "HEAD"] },
  { file: "api/search-token/route.ts", pattern: /^\/api\/search-token$/, methods: ["POST"] },
  { file: "api/sessions/revoke-all/route.ts", pattern: /^\/api\/sessions\/revoke-all$/, methods: ["POST"] },
];

/** Pages and static files are only ever read: the app has no server actions. */
const READ_METHODS: readonly HttpMethod[] = ["GET", "HEAD"];

export type MethodCheck = { ok: true } | { ok: false; status: 404 | 405; allow?: string };

/** Whether `method` is served at `pathname`; if not, 404 (no such API route) or 405 with its Allow header. */
export function checkMethod(method: string, pathname: string): MethodCheck {
  const isApi = pathname === "/api" || pathname.startsWith("/api/");
  const route = isApi ? API_ROUTES.find((candidate) => candidate.pattern.test(pathname)) : undefined;
  if (isApi && !route) return { ok: false, status: 404 };
  const methods = route?.methods ?? READ_METHODS;
  if ((methods as readonly string[]).includes(method.toUpperCase())) return { ok: true };
  return { ok: false, status: 405, allow: methods.join(", ") };
}
