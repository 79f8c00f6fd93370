import "server-only";
import type pg from "pg";
import { OPEN_STATUSES } from "../common/appointments";
import {
  actionOf,
  actionRefusal,
  INDEX_WAIT_MS,
  scheduleProblem,
  statusAfter,
  type AppointmentChange,
  type WriteResponse,
} from "../common/write-contract";
import { isTenantId, tenantScope, type Tenant } from "../common/tenant";
import { limitWrites } from "../auth/rate-limit";
import { pool } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import {
  countUpcomingAppointments,
  findAppointmentForUpdate,
  findBookableDoctor,
  insertAppointment,
  updateAppointment,
} from "../db/queries/appointments";
import { insertAuditEvent } from "../db/queries/audit";
import { enqueueIndexUpdate } from "../db/queries/outbox";
import { documentsByIds } from "../db/queries/search-documents";
import { lockUntilTransactionEnds, withTransaction } from "../db/transaction";
import { getWriteLimits, type WriteLimits } from "../env";
import { AppError } from "../http/errors";
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

function scopeOf(tenant: Tenant): ReturnType<typeof tenantScope> {
  const scope = tenantScope(tenant);
  // The session was signed by us, but the allow-list is checked on every use, as for filters.
  if (!isTenantId(scope.id)) throw new AppError("forbidden", "This account cannot change appointments.");
  return scope;
}

const NOT_FOUND = () => new AppError("not_found", "No such appointment.");

/** A write transaction, with a taken slot answered 409 (a lost connection is already a 503). */
async function transaction<T>(work: (tx: pg.ClientBase) => Promise<T>): Promise<T> {
  try {
    return await withTransaction(work);
  } catch (error) {
    if (isUniqueViolation(error, "appointments_doctor_slot")) {
      throw new AppError("slot_taken", "The doctor is already booked at that time. Please choose another time.");
    }
    throw error;
  }
}

/** The written document, and whether it became searchable within INDEX_WAIT_MS. */
async function settle(appointmentId: number, outboxId: number): Promise<WriteResponse> {
  const indexed = await searchSync().waitFor(outboxId, INDEX_WAIT_MS);
  const [appointment] = await documentsByIds(pool(), [appointmentId]);
  return { appointment: appointment!, indexed };
}

function assertSchedulable(when: Date, now: Date): void {
  const problem = scheduleProblem(when, now);
  if (problem) throw new AppError("bad_request", problem, { field: "scheduledAt" });
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
 * `patients`, which the app's database role does not hold (lib/db/privileges.ts).
 */
async function assertUnderCaps(
  tx: pg.ClientBase,
  patientId: string,
  doctor: { id: string; name: string },
  caps: WriteLimits,
  now: Date,
): Promise<void> {
  await lockUntilTransactionEnds(tx, "bookingCaps", patientId);
  const held = await countUpcomingAppointments(tx, {
    patientId,
    doctorId: doctor.id,
    statuses: OPEN_STATUSES,
    after: now,
  });
  if (held.inAll >= caps.upcomingInAll) {
    throw new AppError(
      "too_many_upcoming",
      `You already have ${held.inAll} upcoming appointments, the most one patient can hold. Cancel one to book another.`,
    );
  }
  if (held.withDoctor >= caps.upcomingPerDoctor) {
    throw new AppError(
      "too_many_with_doctor",
      `You already have ${held.withDoctor} upcoming appointments with ${doctor.name}, the most one patient can hold with one doctor. Cancel one, or choose another doctor.`,
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
    await insertAuditEvent(pool(), {
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
  const { appointmentId, outboxId } = await transaction(async (tx) => {
    const doctor = await findBookableDoctor(tx, booking.doctorId);
    if (!doctor) throw new AppError("bad_request", "Unknown doctor. Choose one from the list.", { field: "doctorId" });
    await assertUnderCaps(tx, patientId, { id: booking.doctorId, name: doctor.name }, caps, now);
    const appointmentId = await insertAppointment(tx, {
      patientId,
      doctorId: booking.doctorId,
      clinicId: doctor.clinicId,
      location: doctor.location,
      details: booking.reason,
      status: "pending",
      scheduledAt: booking.scheduledAt,
    });
    await insertAuditEvent(tx, {
      event: "appointment_booked",
      username: actor?.username,
      sessionId: actor?.sessionId,
      patientId,
      appointmentId,
      details: { doctorId: booking.doctorId, scheduledAt: booking.scheduledAt.toISOString(), status: "pending" },
    });
    return { appointmentId, outboxId: await enqueueIndexUpdate(tx, appointmentId) };
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
  const scope = scopeOf(tenant);
  const action = actionOf(change);
  if ("scheduledAt" in change) assertSchedulable(new Date(change.scheduledAt), now);
  const outboxId = await transaction(async (tx) => {
    const current = await findAppointmentForUpdate(tx, appointmentId, scope);
    if (!current) throw NOT_FOUND();
    // The same table the page's buttons read (ACTION_RULES), at the server's own clock.
    const refusal = actionRefusal(tenant.role, current, action, now);
    if (refusal) throw new AppError("invalid_transition", refusal);
    // A patient's new time needs the doctor's confirmation again; a front desk's does not.
    const status = statusAfter(tenant.role, change, current.status);
    const from = { status: current.status, scheduledAt: new Date(current.scheduled_at * 1000).toISOString() };
    await updateAppointment(tx, appointmentId, {
      status,
      ...("scheduledAt" in change ? { scheduledAt: new Date(change.scheduledAt) } : {}),
    });
    await insertAuditEvent(tx, {
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
    return enqueueIndexUpdate(tx, appointmentId);
  });
  return settle(appointmentId, outboxId);
}
