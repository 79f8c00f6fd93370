import "server-only";
import type { Key, Meilisearch } from "meilisearch";
import { AppError } from "../http/errors";
import { meiliErrorCode } from "./errors";

/** The name every session's parent key carries, so they can be told apart in `GET /keys`. */
export const SESSION_KEY_NAME = "appointments-session-parent";

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

export interface SearchKeySpec {
  uid: string;
  indexUid: string;
  /** The key's own expiry in Meilisearch; null = never. */
  expiresAt: Date | null;
  name?: string;
  description?: string;
}

/**
 * Finds the search-only key with this uid, creating it if it is missing. Idempotent, and safe
 * across processes: a key's value is derived from the master key and the uid, so whoever creates
 * it, every process reads the same value. When another process created it first
 * (`api_key_already_exists`), it is read back; two creations at the same moment may both succeed,
 * and Meilisearch still keeps one key (docs/meilisearch-facts.md).
 */
export async function ensureSearchKey(
  client: Meilisearch,
  { uid, indexUid, expiresAt, name = SESSION_KEY_NAME, description }: SearchKeySpec,
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
      name,
      description: description ?? `Signs the tenant tokens of one session, for the ${indexUid} index. Search only.`,
      actions: ["search"],
      indexes: [indexUid],
      expiresAt,
    });
    return { parentKey: toParentKey(key), created: true };
  } catch (error) {
    if (meiliErrorCode(error) !== "api_key_already_exists") throw error;
  }
  const key = await client.getKey(uid);
  assertSearchOnly(key, indexUid);
  return { parentKey: toParentKey(key), created: false };
}

/** Deletes the key; true if it existed. A key that is already gone is not an error. */
export async function deleteSearchKey(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.deleteKey(uid);
    return true;
  } catch (error) {
    if (meiliErrorCode(error) === "api_key_not_found") return false;
    throw error;
  }
}
