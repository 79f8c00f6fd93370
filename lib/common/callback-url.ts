/**
 * Where to send someone after sign-in. Shared by the login page (server), the sign-in form
 * (browser) and NextAuth's redirect callback, so all three agree on one rule.
 *
 * The value is resolved with the WHATWG URL parser, the one browsers use, against the app's own
 * origin; only a same-origin result is kept, and only its path, query and hash are returned. String
 * checks such as "starts with / but not //" miss what the parser does: it drops tabs and newlines
 * (`/\t/evil.example` is `//evil.example`), reads `\` as `/`, and resolves `/.//evil.example` to the
 * path `//evil.example`, which a browser would again read as another host.
 */
export const DEFAULT_CALLBACK_PATH = "/appointments";

const MAX_CALLBACK_LENGTH = 2048;

export function safeCallbackPath(value: unknown, origin: string): string {
  const candidate = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  if (typeof candidate !== "string" || candidate === "" || candidate.length > MAX_CALLBACK_LENGTH) {
    return DEFAULT_CALLBACK_PATH;
  }
  let resolved: URL;
  try {
    resolved = new URL(candidate, origin);
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  if (resolved.origin !== new URL(origin).origin) return DEFAULT_CALLBACK_PATH;
  // The serialised path is percent-encoded and free of control characters; collapsing leading
  // slashes keeps it a path when a browser reads it again.
  const path = resolved.pathname.replace(/^\/+/, "/");
  // Sending someone back to the sign-in page (or the auth API) after signing in makes no sense.
  if (path === "/login" || path.startsWith("/api/")) return DEFAULT_CALLBACK_PATH;
  return `${path}${resolved.search}${resolved.hash}`;
}

/** The sign-in page, remembering where to go afterwards. Every "go sign in" link is built here. */
export function loginPath(callbackPath?: string): string {
  return callbackPath ? `/login?callbackUrl=${encodeURIComponent(callbackPath)}` : "/login";
}
