import "server-only";
import type { REVOCATION_REASONS } from "../schema";
import { pool, query, type Queryable } from "../client";
import type { AccountRow } from "./accounts";

/** The `sessions` table: one row per sign-in (see lib/auth/sessions.ts for what the rows mean). */

export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** Inserts the session's row and its `sign_in` event, in one statement. */
export async function insertSession(session: { id: string; username: string; expiresAt: Date }): Promise<void> {
  await query(
    pool(),
    `with started as (insert into sessions (id, username, expires_at) values ($1, $2, $3) returning id)
     insert into audit_events (event, username, session_id) select 'sign_in', $2, id from started`,
    [session.id, session.username, session.expiresAt],
  );
}

/** A session row with its account, as one session read sees them. */
interface SessionRecordRow extends Pick<
  AccountRow,
  "username" | "displayName" | "role" | "patientId" | "doctorId" | "clinicId" | "active"
> {
  revoked: boolean;
  expired: boolean;
}

/** The session `id` and its account, by primary key; undefined when there is no such session. */
export async function findSessionRecord(id: string): Promise<SessionRecordRow | undefined> {
  const { rows } = await query<SessionRecordRow>(
    pool(),
    `select s.revoked_at is not null as revoked, s.expires_at <= now() as expired, a.active,
            a.username, a.display_name as "displayName", a.role, a.patient_id as "patientId",
            a.doctor_id as "doctorId", a.clinic_id as "clinicId"
     from sessions s join accounts a on a.username = s.username where s.id = $1`,
    [id],
  );
  return rows[0];
}

/** Marks the session's key as not deleted, so the cleanup deletes it (again). */
export async function markSessionKeyPending(id: string): Promise<void> {
  await query(pool(), "update sessions set key_deleted_at = null where id = $1", [id]);
}

/** Stamps these sessions' keys as deleted from Meilisearch. */
export async function markSessionKeysDeleted(ids: readonly string[]): Promise<void> {
  await query(pool(), "update sessions set key_deleted_at = now() where id = any($1::uuid[])", [ids]);
}

/**
 * Revokes one session that is not revoked yet, recording `sign_out`, in one statement. False when
 * it was already revoked (or does not exist).
 */
export async function revokeSession(id: string, reason: RevocationReason): Promise<boolean> {
  const { rows } = await query<{ id: string }>(
    pool(),
    `with ended as (
       update sessions set revoked_at = now(), revoked_reason = $2 where id = $1 and revoked_at is null
       returning id, username)
     insert into audit_events (event, username, session_id) select 'sign_out', username, id from ended
     returning session_id as id`,
    [id, reason],
  );
  return rows.length > 0;
}

/** Revokes every live session of `username` (in the caller's transaction); their ids. */
export async function revokeLiveSessionsOf(
  tx: Queryable,
  username: string,
  reason: RevocationReason,
): Promise<string[]> {
  const { rows } = await query<{ id: string }>(
    tx,
    `update sessions set revoked_at = now(), revoked_reason = $2
     where username = $1 and revoked_at is null and expires_at > now() returning id`,
    [username, reason],
  );
  return rows.map((row) => row.id);
}

/**
 * Ids of sessions that ended (revoked, or expired) whose key is not stamped deleted yet, after
 * `afterId` in id order, at most `limit`: a keyset page.
 */
export async function findEndedSessionsWithKeys(afterId: string, limit: number): Promise<string[]> {
  const { rows } = await query<{ id: string }>(
    pool(),
    `select id from sessions
     where key_deleted_at is null and (revoked_at is not null or expires_at <= now()) and id > $1
     order by id limit $2`,
    [afterId, limit],
  );
  return rows.map((row) => row.id);
}

/** Deletes the rows that expired more than `keptFor` (an interval, e.g. '1 day') ago and whose key is gone. */
export async function deleteExpiredSessions(keptFor: string): Promise<number> {
  const { rowCount } = await query(
    pool(),
    "delete from sessions where expires_at < now() - $1::interval and key_deleted_at is not null",
    [keptFor],
  );
  return rowCount ?? 0;
}
