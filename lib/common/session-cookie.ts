/**
 * The name of NextAuth 4's session cookie (next-auth/core/lib/cookie.js, the default this app
 * keeps). Over https NextAuth puts `__Secure-` in front of it, and splits a value past 4 KB into
 * `.0`, `.1`, … chunks. The cookie holds a signed, encrypted JWT that only names the session.
 */
export const SESSION_COOKIE = "next-auth.session-token";

/** A `Set-Cookie` line that sets the session cookie (or one chunk of it) to a value, under either name. */
export const SESSION_COOKIE_SET = new RegExp(
  `^(?:__Secure-)?${SESSION_COOKIE.replace(/\./g, "\\.")}(?:\\.\\d+)?=[^;]+`,
);
