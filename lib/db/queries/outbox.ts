import "server-only";
import { query, type Queryable } from "../client";

/**
 * The `search_outbox` table: one row per committed appointment change, inserted in the change's
 * own transaction, stamped `processed_at` once the index holds it (lib/sync/outbox-worker.ts).
 */

/** Queues the appointment's index update in the caller's transaction; the row's id. */
export async function enqueueIndexUpdate(tx: Queryable, appointmentId: number): Promise<number> {
  const { rows } = await query<{ id: number }>(
    tx,
    "insert into search_outbox (appointment_id) values ($1) returning id::float8 as id",
    [appointmentId],
  );
  return rows[0]!.id;
}

/** Whether outbox row `id` is processed (false, too, when it does not exist). */
export async function isOutboxRowProcessed(db: Queryable, id: number): Promise<boolean> {
  const { rows } = await query<{ done: boolean }>(
    db,
    "select processed_at is not null as done from search_outbox where id = $1",
    [id],
  );
  return rows[0]?.done ?? false;
}

/** Up to `limit` pending rows, oldest first. */
export async function findPendingOutboxRows(
  db: Queryable,
  limit: number,
): Promise<{ id: number; appointmentId: number }[]> {
  const { rows } = await query<{ id: number; appointmentId: number }>(
    db,
    `select id::float8 as id, appointment_id::float8 as "appointmentId" from search_outbox
     where processed_at is null order by id limit $1`,
    [limit],
  );
  return rows;
}

export async function markOutboxRowsProcessed(db: Queryable, ids: readonly number[]): Promise<void> {
  await query(db, "update search_outbox set processed_at = now() where id = any($1::bigint[])", [ids]);
}

/** Deletes the rows processed more than a day ago (the drift check reads the recent ones). */
export async function pruneProcessedOutboxRows(db: Queryable): Promise<void> {
  await query(db, "delete from search_outbox where processed_at < now() - interval '1 day'");
}

/**
 * Of these appointments, the ones an outbox row explains: a change still pending, or sent since
 * `since` (Postgres's clock), which the index may not show yet.
 */
export async function appointmentsStillSyncing(
  db: Queryable,
  ids: readonly number[],
  since: string,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await query<{ id: number }>(
    db,
    `select distinct appointment_id::float8 as id from search_outbox
     where appointment_id = any($1::bigint[]) and (processed_at is null or processed_at >= $2::timestamptz)`,
    [ids, since],
  );
  return new Set(rows.map((row) => row.id));
}
