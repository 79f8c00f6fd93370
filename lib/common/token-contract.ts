/**
 * The contract of POST /api/search-token, shared by the route (server) and the token store
 * (browser), so the two cannot drift apart.
 */

/** Why the browser asks for a token. `rejected` also makes the server re-check the parent key. */
export const TOKEN_REASONS = ["initial", "expiring", "rejected"] as const;
export type TokenReason = (typeof TOKEN_REASONS)[number];

/** What the browser receives: enough to search one index as one tenant, and nothing else. */
export interface TokenGrant {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  host: string;
  indexUid: string;
}
