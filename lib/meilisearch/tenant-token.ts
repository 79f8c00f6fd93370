import "server-only";
import { createHmac } from "node:crypto";
import type { TokenSearchRules } from "meilisearch";
import type { TokenGrant } from "../common/token-contract";
import { getMeiliEnv } from "../env";
import { AppError } from "../http/errors";
import { tenantFilterFor, type Tenant } from "../common/tenant";
import { adminClient } from "./admin";
import { searchUnavailableError } from "./errors";
import { ensureSearchKey, type ParentKey } from "./search-key";

/**
 * Exactly one rule, for one index. Never `*`, `null` or `{}`: those would mean "no filter".
 */
export function searchRulesFor(indexUid: string, tenant: Tenant): TokenSearchRules {
  return { [indexUid]: { filter: tenantFilterFor(tenant) } };
}

// The parent key is looked up once and reused: signing is then pure CPU, no Meilisearch call.
// It is dropped after KEY_CACHE_MS, or at once when a client reports a rejected token, so a
// deleted or rotated key recovers without a restart. While a lookup is in flight, every request
// that needs the key waits for that one lookup: a burst of token requests after the cache expires
// makes one call to Meilisearch, and never two racing creations of the same key.
const KEY_CACHE_MS = 60_000;
let cachedKey: { parentKey: ParentKey; fetchedAt: number } | undefined;
let lookup: Promise<ParentKey> | undefined;

function isFresh(cached: typeof cachedKey, now: number): cached is NonNullable<typeof cachedKey> {
  const expired = cached?.parentKey.expiresAt && cached.parentKey.expiresAt.getTime() <= now;
  return Boolean(cached && !expired && now - cached.fetchedAt < KEY_CACHE_MS);
}

async function lookUpParentKey(): Promise<ParentKey> {
  const env = getMeiliEnv();
  try {
    const { parentKey } = await ensureSearchKey(adminClient(), { uid: env.searchKeyUid, indexUid: env.indexUid });
    cachedKey = { parentKey, fetchedAt: Date.now() };
    return parentKey;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw (
      searchUnavailableError(error) ??
      new AppError("search_key_unavailable", "The search key for tenant tokens could not be obtained.", {
        cause: error,
      })
    );
  }
}

async function parentKey({ revalidate }: { revalidate: boolean }): Promise<ParentKey> {
  if (!revalidate && isFresh(cachedKey, Date.now())) return cachedKey.parentKey;
  if (!lookup) {
    cachedKey = undefined;
    lookup = lookUpParentKey().finally(() => (lookup = undefined));
  }
  return lookup;
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

export async function issueTenantToken(
  tenant: Tenant,
  { revalidateKey = false }: { revalidateKey?: boolean } = {},
): Promise<TokenGrant> {
  const env = getMeiliEnv();
  const key = await parentKey({ revalidate: revalidateKey });
  const ttlEnd = Date.now() + env.tokenTtlSeconds * 1000;
  // A token cannot outlive its parent key, so never promise the browser more than the key has left.
  const expiresAt = new Date(Math.min(ttlEnd, key.expiresAt?.getTime() ?? Infinity));
  const token = signTenantToken(key, searchRulesFor(env.indexUid, tenant), expiresAt);
  return { token, expiresAt: expiresAt.toISOString(), host: env.publicHost, indexUid: env.indexUid };
}
