import "server-only";
import type pg from "pg";
import { OPEN_STATUSES, type Appointment } from "../common/appointments";
import {
  actionOf,
  actionRefusal,
  INDEX_WAIT_MS,
  scheduleProblem,
  statusAfter,
  type AppointmentChange,
  type WriteResponse,
} from "../common/write-contract";
import { isTenantId } from "../common/tenant";
import { tenantScope, type Tenant } from "../common/tenant";
import { recordAudit } from "../audit/events";
import { limitWrites } from "../auth/rate-limit";
import { isConnectionError, pool, withTransaction } from "../db/client";
import { getWriteLimits, type WriteLimits } from "../env";
import { AppError } from "../http/errors";
import { documentsByIds } from "../sync/documents";
import { searchSync } from "../sync/search-sync";

/**
 * Appointment writes, with the tenant from the session only. Every change runs in a transaction
 * that also inserts its `search_outbox` row (the change and its index update commit together or
 * not at all), then waits up to INDEX_WAIT_MS for the change to be searchable.
 *
 * Which rows a caller may touch is one WHERE clause on the tenant's own column, taken from a fixed
 * table (never from the request): an appointment outside the slice is not found, exactly like a
 * missing one, so ids cannot be probed.
 */

export interface Booking {
  doctorId: string;
  scheduledAt: Date;
  reason: string;
}

function scopeOf(tenant: Tenant): { column: string; id: string } {
  const { attribute, id } = tenantScope(tenant);
  // The session was signed by us, but the allow-list is checked on every use, as for filters.
  if (!isTenantId(id)) throw new AppError("forbidden", "This account cannot change appointments.");
  return { column: attribute, id };
}

const NOT_FOUND = () => new AppError("not_found", "No such appointment.");

const unavailable = (cause: unknown) =>
  new AppError(
    "database_unavailable",
    "The appointments database is unavailable. Nothing was saved; please try again.",
    {
      cause,
    },
  );

/** A write transaction, with Postgres's answers turned into the API's: 409 for a taken slot, 503 when down. */
async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  try {
    return await withTransaction(work);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === "23505" && constraint === "appointments_doctor_slot") {
      throw new AppError("slot_taken", "The doctor is already booked at that time. Please choose another time.");
    }
    if (isConnectionError(error)) throw unavailable(error);
    throw error;
  }
}

async function enqueue(client: pg.PoolClient, appointmentId: number): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    "insert into search_outbox (appointment_id) values ($1) returning id::float8 as id",
    [appointmentId],
  );
  return rows[0]!.id;
}

/** The written document, and whether it became searchable within INDEX_WAIT_MS. */
async function settle(appointmentId: number, outboxId: number): Promise<WriteResponse> {
  const indexed = await searchSync().waitFor(outboxId, INDEX_WAIT_MS);
  const [appointment] = await documentsByIds(pool(), [appointmentId]);
  return { appointment: appointment!, indexed };
}

function assertSchedulable(when: Date, now: Date): void {
  const problem = scheduleProblem(when, now);
  if (problem) throw new AppError("bad_request", problem);
}

/** Who made a write, for the audit trail (recorded in the write's own transaction). */
export interface Actor {
  username: string;
  sessionId: string;
}

export interface WriteOptions {
  /** Absent for writes made outside a session (scripts, tests): the event names no one. */
  actor?: Actor;
  now?: Date;
}

/**
 * The booking caps: a patient holds at most `upcomingPerDoctor` upcoming appointments with one
 * doctor and `upcomingInAll` in all (upcoming: pending or confirmed, starting after `now`). A
 * transaction lock on the patient is taken first, so concurrent bookings by one patient are counted
 * one after the other and together never pass a cap; other patients' bookings do not wait. A
 * reschedule adds no appointment and is not counted against the caps.
 *
 * The lock is an advisory one, not `select … from patients for update`: a row lock needs UPDATE on
 * `patients`, which the app's database role does not hold (lib/db/privileges.ts). Two patients
 * whose ids hash alike merely wait for each other.
 */
/** The first key of the per-patient booking lock (the second is the patient id's hash). */
const BOOKING_CAPS_LOCK = 0x5ea7c5;

async function assertUnderCaps(
  client: pg.PoolClient,
  patientId: string,
  doctor: { id: string; name: string },
  caps: WriteLimits,
  now: Date,
): Promise<void> {
  await client.query("select pg_advisory_xact_lock($1, hashtext($2))", [BOOKING_CAPS_LOCK, patientId]);
  const { rows } = await client.query<{ with_doctor: number; in_all: number }>(
    `select count(*) filter (where doctor_id = $2)::int as with_doctor, count(*)::int as in_all
     from appointments where patient_id = $1 and status::text = any($4) and scheduled_at > $3`,
    [patientId, doctor.id, now, OPEN_STATUSES],
  );
  const held = rows[0]!;
  if (held.in_all >= caps.upcomingInAll) {
    throw new AppError(
      "too_many_upcoming",
      `You already have ${held.in_all} upcoming appointments, the most one patient can hold. Cancel one to book another.`,
    );
  }
  if (held.with_doctor >= caps.upcomingPerDoctor) {
    throw new AppError(
      "too_many_with_doctor",
      `You already have ${held.with_doctor} upcoming appointments with ${doctor.name}, the most one patient can hold with one doctor. Cancel one, or choose another doctor.`,
    );
  }
}

/** What a refused write was, for its `write_rate_limited` event. */
export type AttemptedWrite = { write: "book" } | { write: "change"; appointmentId: number | null };

/**
 * The per-user write limit, taken once the session names the user and before anything is read or
 * written. A refusal is 429 with Retry-After and is recorded as `write_rate_limited` (which write,
 * and for how long), in its own statement: there is no write transaction to join.
 */
export async function admitWrite(actor: Actor, attempted: AttemptedWrite): Promise<void> {
  try {
    await limitWrites(actor.username);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "rate_limited") throw error;
    await recordAudit(pool(), {
      event: "write_rate_limited",
      username: actor.username,
      sessionId: actor.sessionId,
      appointmentId: attempted.write === "change" ? attempted.appointmentId : null,
      details: { write: attempted.write, retryAfterSeconds: Number(error.headers["Retry-After"]) },
    }).catch((cause: unknown) => console.error("[appointments] could not record a rate-limited write:", cause));
    throw error;
  }
}

/** A patient books for themselves: the patient is the session's, never the request's. */
export async function bookAppointment(
  tenant: Tenant,
  booking: Booking,
  { actor, now = new Date() }: WriteOptions = {},
): Promise<WriteResponse> {
  if (tenant.role !== "patient") throw new AppError("forbidden", "Only patients can book appointments.");
  const { id: patientId } = scopeOf(tenant);
  assertSchedulable(booking.scheduledAt, now);
  const caps = getWriteLimits();
  const { appointmentId, outboxId } = await transaction(async (client) => {
    const { rows: doctors } = await client.query<{ clinic_id: string; location: string; name: string }>(
      `select d.clinic_id, c.locations[1] as location, d.name from doctors d join clinics c on c.id = d.clinic_id where d.id = $1`,
      [booking.doctorId],
    );
    const doctor = doctors[0];
    if (!doctor) throw new AppError("bad_request", "Unknown doctor. Choose one from the list.");
    await assertUnderCaps(client, patientId, { id: booking.doctorId, name: doctor.name }, caps, now);
    const { rows } = await client.query<{ id: number }>(
      `insert into appointments (patient_id, doctor_id, clinic_id, location, details, status, scheduled_at)
       values ($1, $2, $3, $4, $5, 'pending', $6) returning id::float8 as id`,
      [patientId, booking.doctorId, doctor.clinic_id, doctor.location, booking.reason, booking.scheduledAt],
    );
    const appointmentId = rows[0]!.id;
    await recordAudit(client, {
      event: "appointment_booked",
      username: actor?.username,
      sessionId: actor?.sessionId,
      patientId,
      appointmentId,
      details: { doctorId: booking.doctorId, scheduledAt: booking.scheduledAt.toISOString(), status: "pending" },
    });
    return { appointmentId, outboxId: await enqueue(client, appointmentId) };
  });
  return settle(appointmentId, outboxId);
}

/**
 * Changes the status or time of an appointment in the caller's slice. Not in the slice, or not
 * there at all: 404 either way. In the slice but not allowed (by role, status or clock): 409.
 */
export async function changeAppointment(
  tenant: Tenant,
  appointmentId: number,
  change: AppointmentChange,
  { actor, now = new Date() }: WriteOptions = {},
): Promise<WriteResponse> {
  const { column, id } = scopeOf(tenant);
  const action = actionOf(change);
  if ("scheduledAt" in change) assertSchedulable(new Date(change.scheduledAt), now);
  const outboxId = await transaction(async (client) => {
    // FOR UPDATE: two changes to one appointment are decided one after the other.
    const { rows } = await client.query<Pick<Appointment, "status" | "scheduled_at" | "patient_id">>(
      `select status::text as status, extract(epoch from scheduled_at)::float8 as scheduled_at, patient_id
       from appointments where id = $1 and ${column} = $2 for update`,
      [appointmentId, id],
    );
    const current = rows[0];
    if (!current) throw NOT_FOUND();
    // The same table the page's buttons read (ACTION_RULES), at the server's own clock.
    const refusal = actionRefusal(tenant.role, current, action, now);
    if (refusal) throw new AppError("invalid_transition", refusal);
    // A patient's new time needs the doctor's confirmation again; a front desk's does not.
    const status = statusAfter(tenant.role, change, current.status);
    const from = { status: current.status, scheduledAt: new Date(current.scheduled_at * 1000).toISOString() };
    if ("scheduledAt" in change) {
      await client.query(
        `update appointments set scheduled_at = $2, status = $3::appointment_status, updated_at = now() where id = $1`,
        [appointmentId, new Date(change.scheduledAt), status],
      );
    } else {
      await client.query(`update appointments set status = $2::appointment_status, updated_at = now() where id = $1`, [
        appointmentId,
        status,
      ]);
    }
    await recordAudit(client, {
      event: "appointment_changed",
      username: actor?.username,
      sessionId: actor?.sessionId,
      patientId: current.patient_id,
      appointmentId,
      details: {
        action,
        from,
        to: {
          status,
          scheduledAt: "scheduledAt" in change ? new Date(change.scheduledAt).toISOString() : from.scheduledAt,
        },
      },
    });
    return enqueue(client, appointmentId);
  });
  return settle(appointmentId, outboxId);
}
