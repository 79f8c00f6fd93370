import "server-only";
import { createHash } from "node:crypto";
import { getMeiliEnv } from "../env";
import { AppError } from "../http/errors";
import { adminClient } from "./admin";
import { searchUnavailableError } from "./errors";
import { deleteSearchKey, ensureSearchKey, type ParentKey } from "./search-key";

/**
 * Each session's parent key: uid derived from the session id (sessionKeyUid), search only, one
 * index, expiring with the session. Tokens are signed with it, so deleting it kills every token of that session at
 * Meilisearch, copies included, and no other session's.
 *
 * A plain store: get (cached, or from Meilisearch), create, delete, cache. What a key means for
 * its session (that one created after the session ended must go again) is lib/auth/sessions.ts's
 * to decide, not the store's.
 *
 * Values are cached per process, so signing a token is pure CPU: a key's value is
 * HMAC(master key, uid), so it never changes while the key exists, and a key that was deleted
 * belongs to a session that ended, whose token requests are refused before a key is looked at.
 * A cache miss (another instance signed the session in, or the cache evicted it) is one
 * `GET /keys/<uid>` (lib/auth/sessions.ts lets concurrent misses for one session share it).
 */

/**
 * The uid of a session's key: a hash of the session id, never the id itself. Meilisearch writes
 * key uids into its log (`GET /keys/<uid>`, `DELETE /keys/<uid>`), lists them to any key holding
 * `keys.get`, and every tenant token carries its key's uid; none of them needs the session id, which
 * names a live session to whoever also holds NEXTAUTH_SECRET. One way, so the uid does not lead
 * back to the id; laid out as a version-4 UUID, the form Meilisearch requires.
 */
export function sessionKeyUid(sessionId: string): string {
  const hex = createHash("sha256").update(`appointments session key:${sessionId}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Bounded: at most this many keys are held, least recently used dropped first. */
const MAX_CACHED_KEYS = 10_000;

export class ParentKeyCache {
  private readonly entries = new Map<string, ParentKey>();

  constructor(private readonly capacity = MAX_CACHED_KEYS) {}

  get size(): number {
    return this.entries.size;
  }

  get(uid: string, now = Date.now()): ParentKey | undefined {
    const entry = this.entries.get(uid);
    if (!entry) return undefined;
    this.entries.delete(uid);
    if (entry.expiresAt && entry.expiresAt.getTime() <= now) return undefined;
    this.entries.set(uid, entry); // most recently used last
    return entry;
  }

  set(entry: ParentKey): void {
    this.entries.delete(entry.uid);
    this.entries.set(entry.uid, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(uid: string): void {
    this.entries.delete(uid);
  }
}

// On globalThis: Next compiles routes into separate bundles, and each would get its own copy.
const holder = globalThis as typeof globalThis & { __sessionKeys?: { cache: ParentKeyCache } };
function cache(): ParentKeyCache {
  holder.__sessionKeys ??= { cache: new ParentKeyCache() };
  return holder.__sessionKeys.cache;
}

export interface KeySession {
  id: string;
  expiresAt: Date;
}

/** A session's key as Meilisearch has it, and whether this lookup had to create it. */
interface FoundKey {
  parentKey: ParentKey;
  created: boolean;
}

/** Meilisearch unreachable or failing: 503, whichever code fits. */
function unavailable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return (
    searchUnavailableError(error) ??
    new AppError("search_key_unavailable", "The search key for tenant tokens could not be obtained.", {
      cause: error,
    })
  );
}

/** The session's key from this process's cache, if it holds it. */
export function cachedSessionKey(sessionId: string): ParentKey | undefined {
  return cache().get(sessionKeyUid(sessionId));
}

/** Caches the session's key for this process. */
export function cacheSessionKey(parentKey: ParentKey): void {
  cache().set(parentKey);
}

/** Drops the session's key from this process's cache (it stays in Meilisearch). */
export function forgetSessionKey(sessionId: string): void {
  cache().delete(sessionKeyUid(sessionId));
}

/**
 * The session's key from Meilisearch, created if missing (search only, one index, expiring with
 * the session), and whether this call created it. Not cached here: the caller decides.
 */
export async function findOrCreateSessionKey(session: KeySession): Promise<FoundKey> {
  const uid = sessionKeyUid(session.id);
  try {
    return await ensureSearchKey(adminClient(), {
      uid,
      indexUid: getMeiliEnv().indexUid,
      expiresAt: session.expiresAt,
    });
  } catch (error) {
    throw unavailable(error);
  }
}

/**
 * Deletes the session's key from Meilisearch (and this process's cache). Resolves once it is gone,
 * whether it was there or not; throws when Meilisearch cannot be reached.
 */
export async function deleteSessionKey(sessionId: string): Promise<void> {
  const uid = sessionKeyUid(sessionId);
  cache().delete(uid);
  await deleteSearchKey(adminClient(), uid);
}
