/**
 * The write API's contract, shared by the route handlers (server) and the page (browser):
 *  - `POST /api/appointments` with a BookingRequest: a patient books for themselves.
 *  - `PATCH /api/appointments/<id>` with an AppointmentChange.
 * Both answer a WriteResponse: 201 (booked) or 200 (changed) once the change is searchable with the
 * caller's own token, or 202 with `indexed: false` when that took longer than INDEX_WAIT_MS (the
 * change is saved and will show up shortly). Errors are `{ code, message }`.
 *
 * Who may do what is decided here, from the role alone (`allowedActions`); which appointments a
 * caller may touch at all is decided on the server, from the session's tenant.
 */
import { OPEN_STATUSES, type Appointment } from "./appointments";
import type { Role } from "./tenant";

/** Appointments start on the half hour (UTC), so "one slot" is one exact start time per doctor. */
export const SLOT_MINUTES = 30;
export const REASON_MAX_LENGTH = 500;
/** How long a write waits for its change to become searchable before answering 202. */
export const INDEX_WAIT_MS = 2_000;
/** How far ahead a booking or reschedule may be made. */
export const MAX_DAYS_AHEAD = 365;

export interface BookingRequest {
  doctorId: string;
  /** ISO 8601 with a time zone, in the future, on a slot boundary. */
  scheduledAt: string;
  reason: string;
}

export type StatusChange = "confirmed" | "completed" | "cancelled";
export type AppointmentChange = { status: StatusChange } | { scheduledAt: string };

export interface WriteResponse {
  appointment: Appointment;
  /** False when the change was saved but is not searchable yet (HTTP 202). */
  indexed: boolean;
}

/** A bookable doctor, as the booking form lists them (public directory data). */
export interface DoctorOption {
  id: string;
  name: string;
  department: string;
  clinic: string;
}

export type AppointmentAction = "confirm" | "complete" | "cancel" | "reschedule";

export const ACTION_LABELS: Record<AppointmentAction, string> = {
  confirm: "Confirm",
  complete: "Mark completed",
  cancel: "Cancel",
  reschedule: "Reschedule",
};

/** The status each status change leads to. */
export const ACTION_STATUS: Record<Exclude<AppointmentAction, "reschedule">, StatusChange> = {
  confirm: "confirmed",
  complete: "completed",
  cancel: "cancelled",
};

/**
 * What a role may do to an appointment in its slice, given its status and time:
 *  - a patient cancels or reschedules their own upcoming, open appointments;
 *  - a doctor confirms a pending one, completes a confirmed one, cancels an open one;
 *  - a front desk may do all of that within its clinic.
 * Anything else answers 409 on the server. A reschedule by a patient sets the appointment back to
 * pending: the doctor has not agreed to the new time.
 */
export function allowedActions(
  role: Role,
  appointment: Pick<Appointment, "status" | "scheduled_at">,
  now: Date = new Date(),
): AppointmentAction[] {
  const open = OPEN_STATUSES.includes(appointment.status);
  if (!open) return [];
  const upcoming = appointment.scheduled_at * 1000 > now.getTime();
  const staff: AppointmentAction[] = [
    ...(appointment.status === "pending" ? (["confirm"] as const) : []),
    ...(appointment.status === "confirmed" ? (["complete"] as const) : []),
  ];
  switch (role) {
    case "patient":
      return upcoming ? ["reschedule", "cancel"] : [];
    case "doctor":
      return [...staff, "cancel"];
    case "clinic":
      return [...staff, ...(upcoming ? (["reschedule"] as const) : []), "cancel"];
  }
}

/** Control characters other than tab and line breaks: Postgres refuses NUL in text outright. */
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Why a reason cannot be saved, or null when it can. Shared by the form and the server. */
export function reasonProblem(reason: string): string | null {
  const trimmed = reason.trim();
  if (!trimmed) return "Say briefly what the appointment is for.";
  if (trimmed.length > REASON_MAX_LENGTH) return `Keep the reason to ${REASON_MAX_LENGTH} characters or fewer.`;
  if (UNSTORABLE.test(trimmed)) return "The reason contains control characters; remove them and try again.";
  return null;
}

/** Why a time cannot be booked, or null when it can. Shared by the form (as a hint) and the server. */
export function scheduleProblem(value: Date, now: Date = new Date()): string | null {
  if (Number.isNaN(value.getTime())) return "Choose a date and time.";
  if (value.getTime() <= now.getTime()) return "Choose a time in the future.";
  if (value.getTime() > now.getTime() + MAX_DAYS_AHEAD * 86_400_000)
    return `Choose a time within the next ${MAX_DAYS_AHEAD} days.`;
  if (value.getUTCSeconds() !== 0 || value.getUTCMilliseconds() !== 0 || value.getUTCMinutes() % SLOT_MINUTES !== 0)
    return `Appointments start on the hour or the half hour.`;
  return null;
}
