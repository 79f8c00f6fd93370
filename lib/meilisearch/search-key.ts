import "server-only";
import type { Key, Meilisearch } from "meilisearch";
import { AppError } from "../http/errors";
import { meiliErrorCode } from "./errors";

export const SEARCH_KEY_NAME = "appointments-tenant-token-parent";

export interface ParentKey {
  uid: string;
  key: string;
  /** When Meilisearch stops honouring the key (and so every token signed with it); null = never. */
  expiresAt: Date | null;
}

/** A parent key must be able to search one index and nothing else; a broader key would sign broader tokens. */
function assertSearchOnly(key: Key, indexUid: string): void {
  const searchOnly = key.actions.length === 1 && key.actions[0] === "search";
  const oneIndex = key.indexes.length === 1 && key.indexes[0] === indexUid;
  if (!searchOnly || !oneIndex) {
    throw new AppError(
      "search_key_unavailable",
      `API key ${key.uid} is not a search-only key for "${indexUid}" ` +
        `(actions ${JSON.stringify(key.actions)}, indexes ${JSON.stringify(key.indexes)}); refusing to sign tokens with it.`,
    );
  }
}

function toParentKey(key: Key): ParentKey {
  return { uid: key.uid, key: key.key, expiresAt: key.expiresAt ? new Date(key.expiresAt) : null };
}

/**
 * Finds the dedicated parent key by its fixed uid, creating it if it is missing. Idempotent: the
 * key's value is derived from the master key and the uid, so re-creating it gives the same value.
 */
export async function ensureSearchKey(
  client: Meilisearch,
  { uid, indexUid }: { uid: string; indexUid: string },
): Promise<{ parentKey: ParentKey; created: boolean }> {
  try {
    const key = await client.getKey(uid);
    assertSearchOnly(key, indexUid);
    return { parentKey: toParentKey(key), created: false };
  } catch (error) {
    if (meiliErrorCode(error) !== "api_key_not_found") throw error;
  }
  try {
    const key = await client.createKey({
      uid,
      name: SEARCH_KEY_NAME,
      description: `Signs tenant tokens for the ${indexUid} index. Search only, one index.`,
      actions: ["search"],
      indexes: [indexUid],
      expiresAt: null,
    });
    return { parentKey: toParentKey(key), created: true };
  } catch (error) {
    // Another process (a second app instance, the seed) created it between our read and write.
    if (meiliErrorCode(error) !== "api_key_already_exists") throw error;
  }
  const key = await client.getKey(uid);
  assertSearchOnly(key, indexUid);
  return { parentKey: toParentKey(key), created: false };
}
