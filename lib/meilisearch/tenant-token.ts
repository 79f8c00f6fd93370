import "server-only";
import { createHmac } from "node:crypto";
import type { TokenSearchRules } from "meilisearch";
import type { TokenGrant } from "../common/token-contract";
import { getMeiliEnv } from "../env";
import type { Tenant } from "../common/tenant";
import { tenantFilterFor } from "./filter";
import type { ParentKey } from "./search-key";
import type { KeySession } from "./session-keys";

/**
 * Exactly one rule, for one index. Never `*`, `null` or `{}`: those would mean "no filter".
 */
export function searchRulesFor(indexUid: string, tenant: Tenant): TokenSearchRules {
  return { [indexUid]: { filter: tenantFilterFor(tenant) } };
}

const JWT_HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/**
 * The same HS256 JWT as meilisearch-js's generateTenantToken (same header, same claims in the same
 * order), signed synchronously with node:crypto. generateTenantToken imports the key into WebCrypto
 * and signs on every call: two round trips through the libuv thread pool, which cost this route
 * throughput under load (`npm run bench`). Header and claims are base64url, as JWT requires.
 */
export function signTenantToken(key: ParentKey, searchRules: TokenSearchRules, expiresAt: Date): string {
  const claims = { searchRules, apiKeyUid: key.uid, exp: Math.floor(expiresAt.getTime() / 1000) };
  const unsigned = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${unsigned}.${createHmac("sha256", key.key).update(unsigned).digest("base64url")}`;
}

/** A signed-in session, as far as its tokens are concerned. */
export interface TokenSession extends KeySession {
  tenant: Tenant;
}

/**
 * Signs a token for the session with the session's own parent key `key` (`apiKeyUid` =
 * sessionKeyUid of its id). The caller has checked that the session is live and that the key is
 * the session's (lib/auth/sessions.ts).
 */
export function issueTenantToken(
  session: TokenSession,
  key: ParentKey,
): { grant: TokenGrant; searchRules: TokenSearchRules } {
  const env = getMeiliEnv();
  const ttlEnd = Date.now() + env.tokenTtlSeconds * 1000;
  // A token cannot outlive its parent key, so never promise the browser more than the key has left.
  const expiresAt = new Date(Math.min(ttlEnd, key.expiresAt?.getTime() ?? Infinity, session.expiresAt.getTime()));
  const searchRules = searchRulesFor(env.indexUid, session.tenant);
  const token = signTenantToken(key, searchRules, expiresAt);
  return {
    grant: { token, expiresAt: expiresAt.toISOString(), host: env.publicHost, indexUid: env.indexUid },
    searchRules,
  };
}
