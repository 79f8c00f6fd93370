import "server-only";
import type { TokenSearchRules } from "meilisearch";
import { generateTenantToken } from "meilisearch/token";
import { getMeiliEnv } from "../env";
import { AppError } from "../errors";
import { tenantFilterFor, type Tenant } from "../tenant";
import { adminClient } from "./admin";
import { asSearchUnavailable } from "./errors";
import { ensureSearchKey, type ParentKey } from "./search-key";

/** What the browser receives: enough to search one index as one tenant, and nothing else. */
export interface IssuedToken {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  host: string;
  indexUid: string;
}

/**
 * Exactly one rule, for one index. Never `*`, `null` or `{}`: those would mean "no filter".
 */
export function searchRulesFor(indexUid: string, tenant: Tenant): TokenSearchRules {
  return { [indexUid]: { filter: tenantFilterFor(tenant) } };
}

// The parent key is looked up once and reused: signing is then pure CPU, no Meilisearch call.
// It is dropped after KEY_CACHE_MS, or at once when a client reports a rejected token, so a
// deleted or rotated key recovers without a restart.
const KEY_CACHE_MS = 60_000;
let cachedKey: { parentKey: ParentKey; fetchedAt: number } | undefined;

async function parentKey({ revalidate }: { revalidate: boolean }): Promise<ParentKey> {
  const now = Date.now();
  const expired = cachedKey?.parentKey.expiresAt && cachedKey.parentKey.expiresAt.getTime() <= now;
  if (cachedKey && !revalidate && !expired && now - cachedKey.fetchedAt < KEY_CACHE_MS) {
    return cachedKey.parentKey;
  }
  cachedKey = undefined;
  const env = getMeiliEnv();
  try {
    const { parentKey } = await ensureSearchKey(adminClient(), { uid: env.searchKeyUid, indexUid: env.indexUid });
    cachedKey = { parentKey, fetchedAt: now };
    return parentKey;
  } catch (error) {
    const mapped = asSearchUnavailable(error);
    if (mapped instanceof AppError) throw mapped;
    throw new AppError("search_key_unavailable", "The search key for tenant tokens could not be obtained.", {
      cause: error,
    });
  }
}

export async function issueTenantToken(
  tenant: Tenant,
  { revalidateKey = false }: { revalidateKey?: boolean } = {},
): Promise<IssuedToken> {
  const env = getMeiliEnv();
  const key = await parentKey({ revalidate: revalidateKey });
  const ttlEnd = Date.now() + env.tokenTtlSeconds * 1000;
  // A token cannot outlive its parent key, so never promise the browser more than the key has left.
  const expiresAt = new Date(Math.min(ttlEnd, key.expiresAt?.getTime() ?? Infinity));
  const token = await generateTenantToken({
    apiKey: key.key,
    apiKeyUid: key.uid,
    searchRules: searchRulesFor(env.indexUid, tenant),
    expiresAt,
  });
  return { token, expiresAt: expiresAt.toISOString(), host: env.publicHost, indexUid: env.indexUid };
}
