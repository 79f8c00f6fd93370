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
 * Values are cached per process, so signing a token is pure CPU: a key's value is
 * HMAC(master key, uid), so it never changes while the key exists, and a key that was deleted
 * belongs to a session that ended, whose token requests are refused before a key is looked at.
 * A cache miss (another instance signed the session in, or the cache evicted it) is one
 * `GET /keys/<uid>`; concurrent misses for one uid share that one lookup.
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
export const MAX_CACHED_KEYS = 10_000;

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
const holder = globalThis as typeof globalThis & {
  __sessionKeys?: { cache: ParentKeyCache; lookups: Map<string, Promise<ParentKey>> };
};
function state() {
  holder.__sessionKeys ??= { cache: new ParentKeyCache(), lookups: new Map() };
  return holder.__sessionKeys;
}

export interface KeySession {
  id: string;
  expiresAt: Date;
}

export interface SessionKeyOptions {
  /** Skip the cache and ask Meilisearch (the browser reported a rejected token). */
  revalidate?: boolean;
  /**
   * Called after this process created the key, before anyone may use it. A session revoked while
   * its key was being created must not keep one: when this resolves false (or throws), the key is
   * deleted again and the call fails with 401 (or 503).
   */
  confirmLive: () => Promise<boolean>;
}

export class SessionEndedError extends AppError {
  constructor() {
    super("unauthorized", "This session has ended. Sign in again.");
  }
}

function unavailable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return (
    searchUnavailableError(error) ??
    new AppError("search_key_unavailable", "The search key for tenant tokens could not be obtained.", {
      cause: error,
    })
  );
}

async function lookUp(session: KeySession, uid: string, confirmLive: () => Promise<boolean>): Promise<ParentKey> {
  const { indexUid } = getMeiliEnv();
  const client = adminClient();
  let result;
  try {
    result = await ensureSearchKey(client, { uid, indexUid, expiresAt: session.expiresAt });
  } catch (error) {
    throw unavailable(error);
  }
  if (result.created) {
    // Meilisearch has no "create unless revoked": so re-check after creating. A sign-out that
    // committed before this read is seen here, and the key goes again; one that commits after it
    // deletes the key itself.
    let live: boolean;
    try {
      live = await confirmLive();
    } catch (error) {
      await deleteSearchKey(client, uid).catch(() => {});
      throw error;
    }
    if (!live) {
      await deleteSearchKey(client, uid).catch(() => {});
      throw new SessionEndedError();
    }
  }
  state().cache.set(result.parentKey);
  return result.parentKey;
}

/** The session's parent key: from the cache, or looked up (created if missing) once per uid at a time. */
export async function sessionKey(session: KeySession, { revalidate = false, confirmLive }: SessionKeyOptions) {
  const { cache, lookups } = state();
  const uid = sessionKeyUid(session.id);
  if (!revalidate) {
    const cached = cache.get(uid);
    if (cached) return cached;
  }
  let lookup = lookups.get(uid);
  if (!lookup) {
    cache.delete(uid);
    lookup = lookUp(session, uid, confirmLive).finally(() => lookups.delete(uid));
    lookups.set(uid, lookup);
  }
  return lookup;
}

/**
 * Deletes the session's key from Meilisearch (and this process's cache). True once it is gone,
 * whether it was there or not; throws when Meilisearch cannot be reached.
 */
export async function deleteSessionKey(sessionId: string): Promise<void> {
  const uid = sessionKeyUid(sessionId);
  state().cache.delete(uid);
  await deleteSearchKey(adminClient(), uid);
}
