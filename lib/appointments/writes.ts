import "server-only";
import type pg from "pg";
import type { Appointment } from "../common/appointments";
import {
  ACTION_LABELS,
  allowedActions,
  INDEX_WAIT_MS,
  scheduleProblem,
  type AppointmentAction,
  type AppointmentChange,
  type WriteResponse,
} from "../common/appointment-writes";
import { isTenantId } from "../common/filter";
import { tenantScope, type Tenant } from "../common/tenant";
import { recordAudit } from "../audit/events";
import { isConnectionError, pool, withTransaction } from "../db/client";
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

/** The tenant column of `appointments` per scope attribute: SQL identifiers from a fixed table. */
const TENANT_COLUMNS = { patient_id: "patient_id", doctor_id: "doctor_id", clinic_id: "clinic_id" } as const;

function scopeOf(tenant: Tenant): { column: string; id: string } {
  const { attribute, id } = tenantScope(tenant);
  // The session was signed by us, but the allow-list is checked on every use, as for filters.
  if (!isTenantId(id)) throw new AppError("forbidden", "This account cannot change appointments.");
  return { column: TENANT_COLUMNS[attribute], id };
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

/** A patient books for themselves: the patient is the session's, never the request's. */
export async function bookAppointment(
  tenant: Tenant,
  booking: Booking,
  { actor, now = new Date() }: WriteOptions = {},
): Promise<WriteResponse> {
  if (tenant.role !== "patient") throw new AppError("forbidden", "Only patients can book appointments.");
  const { id: patientId } = scopeOf(tenant);
  assertSchedulable(booking.scheduledAt, now);
  const { appointmentId, outboxId } = await transaction(async (client) => {
    const { rows: doctors } = await client.query<{ clinic_id: string; location: string }>(
      `select d.clinic_id, c.locations[1] as location from doctors d join clinics c on c.id = d.clinic_id where d.id = $1`,
      [booking.doctorId],
    );
    const doctor = doctors[0];
    if (!doctor) throw new AppError("bad_request", "Unknown doctor. Choose one from the list.");
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

function actionFor(change: AppointmentChange): AppointmentAction {
  if ("scheduledAt" in change) return "reschedule";
  return ({ confirmed: "confirm", completed: "complete", cancelled: "cancel" } as const)[change.status];
}

/**
 * Changes the status or time of an appointment in the caller's slice. Not in the slice, or not
 * there at all: 404 either way. In the slice but not allowed from its current state: 409.
 */
export async function changeAppointment(
  tenant: Tenant,
  appointmentId: number,
  change: AppointmentChange,
  { actor, now = new Date() }: WriteOptions = {},
): Promise<WriteResponse> {
  const { column, id } = scopeOf(tenant);
  const action = actionFor(change);
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
    if (!allowedActions(tenant.role, current, now).includes(action)) {
      throw new AppError(
        "invalid_transition",
        `This appointment is ${current.status}${current.scheduled_at * 1000 <= now.getTime() ? " and in the past" : ""}: "${ACTION_LABELS[action]}" is not possible.`,
      );
    }
    // A patient's new time needs the doctor's confirmation again; a front desk's does not.
    const status = "scheduledAt" in change ? (tenant.role === "patient" ? "pending" : current.status) : change.status;
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
