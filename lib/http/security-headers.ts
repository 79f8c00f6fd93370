/**
 * Response headers for every page. Pure functions, so the policy is unit-tested; proxy.ts applies
 * them with a fresh nonce per request (Next.js adds the nonce to its own script tags). Without the
 * `server-only` marker: next.config.ts and an e2e test load it outside React's server condition,
 * and it holds no secret.
 */

/** The origin the browser may call besides ours: the Meilisearch host, nothing else. */
export function searchOrigin(publicHost: string | undefined): string | undefined {
  if (!publicHost) return undefined;
  try {
    const url = new URL(publicHost);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function contentSecurityPolicy({
  nonce,
  connectOrigin,
  dev,
}: {
  nonce: string;
  connectOrigin?: string;
  dev: boolean;
}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets the nonced Next.js runtime load its chunks; nothing inline runs without the nonce.
    // React's development build needs eval for its debugging features only.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Inline styles cannot run code; Next.js and React inject a few.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(connectOrigin ? [connectOrigin] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** Two years, the preload list's minimum; only ever sent when the app's own URL is https. */
const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * Strict-Transport-Security for an app served over https (NEXTAUTH_URL), so a browser that has seen
 * it once never sends a cookie over plain http to this host again. Never on http: it would lock a
 * local or test host out of plain http for two years.
 */
export function transportSecurityHeaders(appOrigin: string | undefined): Record<string, string> {
  if (!appOrigin?.startsWith("https://")) return {};
  return { "Strict-Transport-Security": `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` };
}
