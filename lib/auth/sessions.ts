import "server-only";
import { randomUUID } from "node:crypto";
import type { Session } from "next-auth";
import type pg from "pg";
import type { TokenGrant, TokenReason } from "../common/token-contract";
import { tenantScope, type Tenant } from "../common/tenant";
import { isConnectionError, pool, withTransaction } from "../db/client";
import type { REVOCATION_REASONS } from "../db/schema";
import { AppError } from "../http/errors";
import { deleteSessionKey, sessionKey } from "../meilisearch/session-keys";
import { issueTenantToken } from "../meilisearch/tenant-token";
import { recordAudit, type AuditEvent } from "../audit/events";
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

export type RevocationReason = (typeof REVOCATION_REASONS)[number];
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

/** Connection failures become a 503 the routes can explain; anything else is thrown as it is. */
async function database<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) && isConnectionError(error)) {
      throw new AppError("database_unavailable", "The sessions database is unavailable. Please try again shortly.", {
        cause: error,
      });
    }
    throw error;
  }
}

/** How long sign-in waits for the session's key before it lets the first token request make it. */
const KEY_AT_SIGN_IN_BUDGET_MS = 1_000;

/**
 * Records a sign-in (row and audit event in one statement) and creates the session's parent key.
 * If Meilisearch is slow or down, sign-in still succeeds: the first token request creates the key.
 */
export async function startSession(username: string, signedInAt: number): Promise<{ id: string; expiresAt: Date }> {
  const id = randomUUID();
  const expiresAt = new Date((signedInAt + SESSION_MAX_AGE_SECONDS) * 1000);
  await database(() =>
    pool().query(
      `with started as (insert into sessions (id, username, expires_at) values ($1, $2, $3) returning id)
       insert into audit_events (event, username, session_id) select 'sign_in', $2, id from started`,
      [id, username, expiresAt],
    ),
  );
  const creating = sessionKey({ id, expiresAt }, { confirmLive: () => confirmSessionLive(id) }).then(
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
  const { rows } = await database(() =>
    pool().query<{
      revoked: boolean;
      expired: boolean;
      active: boolean;
      username: string;
      display_name: string;
      role: Tenant["role"];
      patient_id: string | null;
      doctor_id: string | null;
      clinic_id: string | null;
    }>(
      `select s.revoked_at is not null as revoked, s.expires_at <= now() as expired, a.active,
              a.username, a.display_name, a.role, a.patient_id, a.doctor_id, a.clinic_id
       from sessions s join accounts a on a.username = s.username where s.id = $1`,
      [id],
    ),
  );
  const row = rows[0];
  if (!row) return { state: "unknown" };
  const account: SignedInAccount = {
    username: row.username,
    displayName: row.display_name,
    tenant: tenantOf({ role: row.role, patientId: row.patient_id, doctorId: row.doctor_id, clinicId: row.clinic_id }),
  };
  const state = row.revoked ? "revoked" : row.expired ? "expired" : row.active ? "live" : "disabled";
  return { state, account };
}

/** Whether the session `id` still counts (see readSessionRecord). */
export async function sessionState(id: unknown): Promise<SessionState> {
  return (await readSessionRecord(id)).state;
}

/**
 * The re-check after a key was created. Re-creating a deleted key brings back every token it had
 * signed (its value is derived from the uid), so a session that ended meanwhile must lose the key
 * again: the caller deletes it, and the row is marked for the cleanup in case that delete fails.
 */
async function confirmSessionLive(id: string): Promise<boolean> {
  const state = await sessionState(id);
  if (state === "live") return true;
  await pool().query("update sessions set key_deleted_at = null where id = $1", [id]);
  return false;
}

/** Signs a token with the session's key and records the issuance before handing the token out. */
export async function issueSessionToken(
  session: SignedInSession,
  { reason = "initial" }: { reason?: TokenReason } = {},
): Promise<TokenGrant> {
  const { grant, searchRules } = await issueTenantToken(
    { id: session.id, expiresAt: session.expiresAt, tenant: session.tenant },
    // After Meilisearch rejected a token, look the key up again: it may be gone or changed.
    { revalidate: reason === "rejected", confirmLive: () => confirmSessionLive(session.id) },
  );
  await database(() =>
    recordAudit(pool(), {
      event: "token_issued",
      username: session.username,
      sessionId: session.id,
      details: { searchRules, expiresAt: grant.expiresAt, scope: tenantScope(session.tenant), reason },
    }),
  );
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
    await pool()
      .query("update sessions set key_deleted_at = now() where id = any($1::uuid[])", [deleted])
      .catch((error: unknown) => console.error("[sessions] could not stamp deleted keys (the cleanup will):", error));
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
  const { rows } = await database(() =>
    pool().query<{ id: string }>(
      `with ended as (
         update sessions set revoked_at = now(), revoked_reason = $2 where id = $1 and revoked_at is null
         returning id, username)
       insert into audit_events (event, username, session_id) select 'sign_out', username, id from ended
       returning session_id as id`,
      [id, reason],
    ),
  );
  if (rows.length === 0) return false;
  await deleteKeys([id]);
  return true;
}

export interface Revocation {
  revoked: number;
  keysDeleted: number;
  keysPending: number;
}

/** Revokes every live session of `username` inside `client`'s transaction; returns their ids. */
export async function revokeSessionsIn(
  client: pg.PoolClient,
  username: string,
  reason: RevocationReason,
): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `update sessions set revoked_at = now(), revoked_reason = $2
     where username = $1 and revoked_at is null and expires_at > now() returning id`,
    [username, reason],
  );
  return rows.map((row) => row.id);
}

/**
 * Revokes all of `username`'s live sessions, with `audit` (given the revoked ids) recorded and
 * `alsoInTransaction` run in the same transaction; then deletes their keys. Resolves when done.
 */
export async function revokeUserSessions(
  username: string,
  reason: RevocationReason,
  audit: (ids: string[]) => AuditEvent,
  alsoInTransaction: (client: pg.PoolClient) => Promise<void> = async () => {},
): Promise<Revocation> {
  const ids = await database(() =>
    withTransaction(async (client) => {
      await alsoInTransaction(client);
      const revoked = await revokeSessionsIn(client, username, reason);
      await recordAudit(client, audit(revoked));
      return revoked;
    }),
  );
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
    const { rows } = await database(() =>
      pool().query<{ id: string }>(
        `select id from sessions
         where key_deleted_at is null and (revoked_at is not null or expires_at <= now()) and id > $1
         order by id limit $2`,
        [afterId, CLEANUP_BATCH],
      ),
    );
    if (rows.length === 0) break;
    const { keysDeleted, keysPending } = await deleteKeys(rows.map((row) => row.id));
    total.keysDeleted += keysDeleted;
    total.keysPending += keysPending;
    // Meilisearch is unreachable: the next run tries again.
    if (keysDeleted === 0) break;
    afterId = rows[rows.length - 1]!.id;
  }
  const { rowCount } = await database(() =>
    pool().query(
      `delete from sessions where expires_at < now() - interval '${KEEP_EXPIRED_ROWS}' and key_deleted_at is not null`,
    ),
  );
  total.rowsDeleted = rowCount ?? 0;
  return total;
}
