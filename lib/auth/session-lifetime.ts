import "server-only";
/**
 * How long a sign-in lasts: 8 hours from the moment of signing in, however often the session is
 * read or refreshed in between. Pure, so that proxy.ts and NextAuth's callbacks share it.
 *
 * NextAuth 4 keeps a session alive by re-issuing its cookie on every read, so its `maxAge` alone is
 * a sliding window: a copied cookie that keeps being used never expires. `signedInAt` is written
 * once, at sign-in, and every check measures from it.
 */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** True while a session signed in at `signedInAt` (seconds) is within its lifetime. */
export function isSessionCurrent(signedInAt: unknown, now = nowInSeconds()): boolean {
  return (
    typeof signedInAt === "number" &&
    Number.isFinite(signedInAt) &&
    signedInAt <= now + 60 && // a little clock skew between instances, no more
    now - signedInAt < SESSION_MAX_AGE_SECONDS
  );
}
