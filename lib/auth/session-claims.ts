import "server-only";
import { isDeepStrictEqual } from "node:util";
import type { JWT } from "next-auth/jwt";
import type { SignedInAccount } from "./accounts";

/**
 * A session cookie names its session (`sid`, `signedInAt`, and `sub`, NextAuth's subject, which
 * is the username); who the user is and what they may see is read from the session's row on
 * every read. Cookies signed before that rule also carry `username` and `tenant`. Whatever a cookie
 * says about its user must agree with the row: with the secret, anyone can write a cookie that
 * names their own live session and claims another tenant, and that cookie is refused, not obeyed.
 *
 * Returns the names of the claims that disagree with the account (empty: none does).
 */
export function claimsDisagreeing(token: JWT, account: SignedInAccount): string[] {
  const claims: Record<string, unknown> = token;
  const disagreeing: string[] = [];
  if ("sub" in claims && claims.sub !== account.username) disagreeing.push("sub");
  if ("username" in claims && claims.username !== account.username) disagreeing.push("username");
  if ("tenant" in claims && !isDeepStrictEqual(claims.tenant, account.tenant)) disagreeing.push("tenant");
  return disagreeing;
}

/** What the audit trail keeps of a disagreeing claim: short text, never a whole cookie. */
export function claimedValues(token: JWT, names: readonly string[]): Record<string, string> {
  const claims: Record<string, unknown> = token;
  return Object.fromEntries(names.map((name) => [name, JSON.stringify(claims[name] ?? null).slice(0, 200)]));
}
