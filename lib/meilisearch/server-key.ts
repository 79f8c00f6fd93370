import "server-only";
import type { Key, KeyCreation, Meilisearch } from "meilisearch";
import { meiliErrorCode } from "./errors";

/**
 * The key the app server holds (MEILI_ADMIN_KEY): exactly the Meilisearch actions the running app
 * uses, on its one index, and nothing else. The master key stays with Meilisearch and the tools that
 * rebuild the index (seed, reindex), which create and swap indexes and change settings.
 *
 * Holding `keys.create`, this key can create a key with more rights than its own, `*` included
 * (Meilisearch checks nothing about the new key's actions), and with `keys.get` it can read every
 * key's value, the default admin key's too: treat its value as an admin secret.
 * docs/meilisearch-facts.md has what it can and cannot do by itself.
 */
export const SERVER_KEY_ACTIONS = [
  // A session's parent key, at sign-in or at its first token request (lib/meilisearch/session-keys.ts).
  "keys.create",
  // A session's parent key on a cache miss: another instance created it, or the browser reported a rejected token.
  "keys.get",
  // Sign-out, sign out everywhere, deactivation and the cleanup delete the sessions' keys.
  "keys.delete",
  // The outbox worker upserts the current documents of changed appointments (lib/sync/outbox-worker.ts)…
  "documents.add",
  // …and deletes those whose row is gone.
  "documents.delete",
  // It waits for each task to succeed before it stamps the outbox rows processed.
  "tasks.get",
  // /api/health reads the index's stats: whether it exists (lib/meilisearch/health.ts).
  "stats.get",
] as const;

/** Fixed, so the key's value (HMAC of the master key and this uid) is the same on every run. */
export const SERVER_KEY_UID = "7d3c2b9e-4a61-4f0e-9b8d-5e2f1a6c0d47";
export const SERVER_KEY_NAME = "appointments-server";

function serverKeySpec(indexUid: string) {
  return {
    uid: SERVER_KEY_UID,
    name: SERVER_KEY_NAME,
    description: `The app server's key: session keys, outbox writes, task status and stats on "${indexUid}". Nothing else.`,
    actions: [...SERVER_KEY_ACTIONS],
    indexes: [indexUid],
    expiresAt: null,
  } satisfies KeyCreation;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

async function getKeyOrNull(client: Meilisearch, uid: string): Promise<Key | null> {
  try {
    return await client.getKey(uid);
  } catch (error) {
    if (meiliErrorCode(error) === "api_key_not_found") return null;
    throw error;
  }
}

/**
 * Creates the server's key with `master` (a client holding the master key), or brings an existing
 * one to exactly the actions and index above; returns its value. Idempotent. Meilisearch cannot
 * change a key's actions or indexes, so a key that differs is deleted and created again: same uid,
 * so the same value, and an app server already holding it carries on.
 */
export async function ensureServerKey(master: Meilisearch, indexUid: string): Promise<string> {
  const spec = serverKeySpec(indexUid);
  const existing = await getKeyOrNull(master, spec.uid);
  if (existing && sameSet(existing.actions, spec.actions) && sameSet(existing.indexes, spec.indexes)) {
    if (existing.expiresAt === null && existing.name === spec.name && existing.description === spec.description) {
      return existing.key;
    }
    if (existing.expiresAt === null) {
      return (await master.updateKey(spec.uid, { name: spec.name, description: spec.description })).key;
    }
  }
  if (existing) await master.deleteKey(spec.uid);
  try {
    return (await master.createKey(spec)).key;
  } catch (error) {
    // Another process created it at the same moment: same uid, so the same key.
    if (meiliErrorCode(error) !== "api_key_already_exists") throw error;
    return (await master.getKey(spec.uid)).key;
  }
}
