import "server-only";
import type { Appointment } from "../../common/appointments";
import { query, type Queryable } from "../client";

/**
 * The one mapping from Postgres rows to index documents: an appointment joined with the names the
 * page shows and searches (patient, doctor, department, clinic). The seed, `npm run reindex`, its
 * drift check and the outbox worker all read documents through here, so the index can only ever
 * hold what this query says.
 */
const DOCUMENT_SELECT = `
  select a.id::float8 as id, a.patient_id, p.name as patient, a.details, a.status::text as status,
         extract(epoch from a.scheduled_at)::float8 as scheduled_at,
         a.doctor_id, d.name as doctor, d.department, a.clinic_id, c.name as clinic, a.location
  from appointments a
  join patients p on p.id = a.patient_id
  join doctors d on d.id = a.doctor_id
  join clinics c on c.id = a.clinic_id`;

/** Documents with ids after `afterId`, in id order, at most `limit`: a keyset page. */
export async function documentsAfter(db: Queryable, afterId: number, limit: number): Promise<Appointment[]> {
  const { rows } = await query<Appointment>(db, `${DOCUMENT_SELECT} where a.id > $1 order by a.id limit $2`, [
    afterId,
    limit,
  ]);
  return rows;
}

/** The current documents of these appointments (ids that no longer exist are simply absent). */
export async function documentsByIds(db: Queryable, ids: readonly number[]): Promise<Appointment[]> {
  if (ids.length === 0) return [];
  const { rows } = await query<Appointment>(db, `${DOCUMENT_SELECT} where a.id = any($1::bigint[]) order by a.id`, [
    ids,
  ]);
  return rows;
}

/** Streams every document in id order, `pageSize` at a time, holding one page in memory. */
export async function* allDocuments(db: Queryable, pageSize = 10_000): AsyncGenerator<Appointment[]> {
  let afterId = 0;
  for (;;) {
    const page = await documentsAfter(db, afterId, pageSize);
    if (page.length === 0) return;
    yield page;
    afterId = page[page.length - 1]!.id;
  }
}

/** How many appointments there are (in a snapshot transaction: as of its first statement). */
export async function countAppointments(db: Queryable): Promise<number> {
  const { rows } = await query<{ n: number }>(db, "select count(*)::float8 as n from appointments");
  return rows[0]!.n;
}

/** How many appointments there are, and Postgres's clock as it counted them (the drift check's start). */
export async function countAppointmentsAt(db: Queryable): Promise<{ n: number; since: string }> {
  const { rows } = await query<{ n: number; since: string }>(
    db,
    "select count(*)::float8 as n, clock_timestamp()::text as since from appointments",
  );
  return rows[0]!;
}

/** Of these ids, the ones that name an appointment. */
export async function existingAppointmentIds(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await query<{ id: number }>(
    db,
    "select id::float8 as id from appointments where id = any($1::bigint[])",
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}
