import "server-only";
import { randomUUID } from "node:crypto";
import type { Session } from "next-auth";
import type pg from "pg";
import type { TokenGrant, TokenReason } from "../common/token-contract";
import { tenantScope, type Tenant } from "../common/tenant";
import { pool } from "../db/client";
import { insertAuditEvent, type AuditEvent } from "../db/queries/audit";
import {
  deleteExpiredSessions,
  findEndedSessionsWithKeys,
  findSessionRecord,
  insertSession,
  markSessionKeyPending,
  markSessionKeysDeleted,
  revokeLiveSessionsOf,
  revokeSession,
  type RevocationReason,
} from "../db/queries/sessions";
import { withTransaction } from "../db/transaction";
import { AppError } from "../http/errors";
import type { ParentKey } from "../meilisearch/search-key";
import {
  cacheSessionKey,
  cachedSessionKey,
  deleteSessionKey,
  findOrCreateSessionKey,
  forgetSessionKey,
  type KeySession,
} from "../meilisearch/session-keys";
import { issueTenantToken } from "../meilisearch/tenant-token";
import { SESSION_MAX_AGE_SECONDS } from "./session-lifetime";
import { tenantOf, type SignedInAccount } from "./accounts";

/**
 * Sessions that can be taken back, on every app instance.
 *
 * A sign-in writes a `sessions` row; the session JWT carries its id. Every session read (NextAuth's
 * `jwt` callback: the token route, pages, writes) asks Postgres whether the row is still live, so
 * a revocation on any instance holds on all of them at the next read. Each session has its own
 * Meilisearch parent key (its uid derived from the session id) that signs its tenant tokens;
 * revoking deletes it, so the tokens already handed out, copies included, are refused by
 * Meilisearch from then on.
 *
 * Order matters everywhere: the revocation commits first, then the key is deleted. If Meilisearch
 * cannot be reached, the session is still revoked (its cookie gets no token: 401), and
 * `cleanupSessions` deletes the key once Meilisearch answers again.
 */

export type SessionState = "live" | "revoked" | "expired" | "disabled" | "unknown";

/** What the token route knows about the caller, from the session JWT. */
export interface SignedInSession {
  id: string;
  username: string;
  tenant: Tenant;
  expiresAt: Date;
}

/** The parts of a NextAuth session the token route needs, or null when it is not a signed-in one. */
export function signedInSession(session: Session | null): SignedInSession | null {
  if (!session?.tenant || !session.sessionId || !session.endsAt) return null;
  return {
    id: session.sessionId,
    username: session.user.username,
    tenant: session.tenant,
    expiresAt: new Date(session.endsAt),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How long sign-in waits for the session's key before it lets the first token request make it. */
const KEY_AT_SIGN_IN_BUDGET_MS = 1_000;

/**
 * Records a sign-in (row and audit event in one statement) and creates the session's parent key.
 * If Meilisearch is slow or down, sign-in still succeeds: the first token request creates the key.
 */
export async function startSession(username: string, signedInAt: number): Promise<{ id: string; expiresAt: Date }> {
  const id = randomUUID();
  const expiresAt = new Date((signedInAt + SESSION_MAX_AGE_SECONDS) * 1000);
  await insertSession({ id, username, expiresAt });
  const creating = sessionKey({ id, expiresAt }).then(
    () => undefined,
    (error: unknown) => {
      console.error(
        `[sessions] the parent key of a new session could not be created now; the first token request will create it: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    },
  );
  await Promise.race([creating, new Promise((resolve) => setTimeout(resolve, KEY_AT_SIGN_IN_BUDGET_MS).unref())]);
  return { id, expiresAt };
}

/** What one session read learns: whether the session still counts, and whose it is. */
export type SessionRecord =
  { state: "unknown" } | { state: Exclude<SessionState, "unknown">; account: SignedInAccount };

/**
 * The one query behind every session read: the session row and its account, by primary key. The
 * account's role, tenant and name come back with it, so a session's authority is always the
 * server's own rows, never what the cookie says (a cookie only names its session).
 * Throws (503) when Postgres cannot be reached: never read that as "live".
 */
export async function readSessionRecord(id: unknown): Promise<SessionRecord> {
  if (typeof id !== "string" || !UUID.test(id)) return { state: "unknown" };
  const row = await findSessionRecord(id);
  if (!row) return { state: "unknown" };
  const account: SignedInAccount = { username: row.username, displayName: row.displayName, tenant: tenantOf(row) };
  const state = row.revoked ? "revoked" : row.expired ? "expired" : row.active ? "live" : "disabled";
  return { state, account };
}

/** Whether the session `id` still counts (see readSessionRecord). */
async function sessionState(id: unknown): Promise<SessionState> {
  return (await readSessionRecord(id)).state;
}

/**
 * Keeps a key this process just created only if its session is still live. Meilisearch has no
 * "create unless revoked", and re-creating a deleted key brings back every token it had signed
 * (its value is derived from the uid), so the session is read again after creating: a sign-out
 * that committed before this read is seen here, and the key goes again (the row is marked for the
 * cleanup first, in case that delete fails); one that commits after it deletes the key itself.
 * Throws 401 when the session has ended, 503 when it cannot be read (the key is deleted then too).
 */
async function keepIfSessionLive(id: string): Promise<void> {
  try {
    if ((await sessionState(id)) === "live") return;
    await markSessionKeyPending(id);
  } catch (error) {
    await deleteSessionKey(id).catch(() => {});
    throw error;
  }
  await deleteSessionKey(id).catch(() => {});
  throw new AppError("unauthorized", "This session has ended. Sign in again.");
}

// Key lookups in progress, per session id: concurrent cache misses for one session share one lookup
// (and one re-check). On globalThis: Next compiles routes into separate bundles.
const holder = globalThis as typeof globalThis & { __sessionKeyLookups?: Map<string, Promise<ParentKey>> };

/**
 * The session's parent key: from this process's cache, or from Meilisearch (created if missing,
 * and then kept only if the session is still live), cached once it may be used. `revalidate`
 * skips the cache, after the browser reported a rejected token: the key may be gone or changed.
 */
async function sessionKey(session: KeySession, { revalidate = false } = {}): Promise<ParentKey> {
  if (!revalidate) {
    const cached = cachedSessionKey(session.id);
    if (cached) return cached;
  }
  const lookups = (holder.__sessionKeyLookups ??= new Map());
  let lookup = lookups.get(session.id);
  if (!lookup) {
    forgetSessionKey(session.id);
    lookup = lookUpSessionKey(session).finally(() => lookups.delete(session.id));
    lookups.set(session.id, lookup);
  }
  return lookup;
}

async function lookUpSessionKey(session: KeySession): Promise<ParentKey> {
  const { parentKey, created } = await findOrCreateSessionKey(session);
  if (created) await keepIfSessionLive(session.id);
  cacheSessionKey(parentKey);
  return parentKey;
}

/** Signs a token with the session's key and records the issuance before handing the token out. */
export async function issueSessionToken(
  session: SignedInSession,
  { reason = "initial" }: { reason?: TokenReason } = {},
): Promise<TokenGrant> {
  const key = await sessionKey(session, { revalidate: reason === "rejected" });
  const { grant, searchRules } = issueTenantToken(session, key);
  await insertAuditEvent(pool(), {
    event: "token_issued",
    username: session.username,
    sessionId: session.id,
    details: { searchRules, expiresAt: grant.expiresAt, scope: tenantScope(session.tenant), reason },
  });
  return grant;
}

/**
 * Deletes these sessions' keys from Meilisearch and stamps `key_deleted_at` on the ones that are
 * gone. A key Meilisearch could not be asked to delete stays unstamped: the cleanup retries it.
 */
async function deleteKeys(ids: readonly string[]): Promise<{ keysDeleted: number; keysPending: number }> {
  const results = await Promise.allSettled(ids.map((id) => deleteSessionKey(id)));
  const deleted = ids.filter((_, i) => results[i]!.status === "fulfilled");
  if (deleted.length > 0) {
    await markSessionKeysDeleted(deleted).catch((error: unknown) =>
      console.error("[sessions] could not stamp deleted keys (the cleanup will):", error),
    );
  }
  const pending = ids.length - deleted.length;
  if (pending > 0) {
    const failure = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    console.error(
      `[sessions] ${pending} revoked session key(s) could not be deleted from Meilisearch yet; the sessions are revoked, ` +
        `so they get no new token, and the cleanup deletes the keys when Meilisearch answers: ${String(failure.reason)}`,
    );
  }
  return { keysDeleted: deleted.length, keysPending: pending };
}

/**
 * Ends one session (sign-out): revoked in Postgres and recorded, committed, then its key deleted.
 * A session already ended is left as it is. Resolves once the key is gone (or left to the cleanup).
 */
export async function endSession(id: unknown, reason: RevocationReason = "sign_out"): Promise<boolean> {
  if (typeof id !== "string" || !UUID.test(id)) return false;
  if (!(await revokeSession(id, reason))) return false;
  await deleteKeys([id]);
  return true;
}

export interface Revocation {
  revoked: number;
  keysDeleted: number;
  keysPending: number;
}

/**
 * Revokes all of `username`'s live sessions, with `audit` (given the revoked ids) recorded and
 * `alsoInTransaction` run in the same transaction; then deletes their keys. Resolves when done.
 */
export async function revokeUserSessions(
  username: string,
  reason: RevocationReason,
  audit: (ids: string[]) => AuditEvent,
  alsoInTransaction: (tx: pg.ClientBase) => Promise<void> = async () => {},
): Promise<Revocation> {
  const ids = await withTransaction(async (tx) => {
    await alsoInTransaction(tx);
    const revoked = await revokeLiveSessionsOf(tx, username, reason);
    await insertAuditEvent(tx, audit(revoked));
    return revoked;
  });
  return { revoked: ids.length, ...(await deleteKeys(ids)) };
}

export interface Cleanup {
  keysDeleted: number;
  keysPending: number;
  rowsDeleted: number;
}

/** Session rows are kept this long after they expire (for `npm run users -- list` and support), then deleted. */
const KEEP_EXPIRED_ROWS = "1 day";
const CLEANUP_BATCH = 500;

/**
 * Deletes the Meilisearch keys of sessions that ended (revoked, or expired: Meilisearch keeps
 * listing expired keys) and are not stamped yet, then the rows expired for more than a day whose
 * key is gone. Afterwards Meilisearch holds one key per live session, plus its own default keys.
 */
export async function cleanupSessions(): Promise<Cleanup> {
  const total = { keysDeleted: 0, keysPending: 0, rowsDeleted: 0 };
  let afterId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const ids = await findEndedSessionsWithKeys(afterId, CLEANUP_BATCH);
    if (ids.length === 0) break;
    const { keysDeleted, keysPending } = await deleteKeys(ids);
    total.keysDeleted += keysDeleted;
    total.keysPending += keysPending;
    // Meilisearch is unreachable: the next run tries again.
    if (keysDeleted === 0) break;
    afterId = ids[ids.length - 1]!;
  }
  total.rowsDeleted = await deleteExpiredSessions(KEEP_EXPIRED_ROWS);
  return total;
}
