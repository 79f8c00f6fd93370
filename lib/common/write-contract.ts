/**
 * The write API's contract, shared by the route handlers (server) and the page (browser):
 *  - `POST /api/appointments` with a BookingRequest: a patient books for themselves.
 *  - `PATCH /api/appointments/<id>` with an AppointmentChange.
 * Both answer a WriteResponse: 201 (booked) or 200 (changed) once the change is searchable with the
 * caller's own token, or 202 with `indexed: false` when that took longer than INDEX_WAIT_MS (the
 * change is saved and will show up shortly). Errors are `{ code, message }`.
 *
 * Who may do what, and when, is decided here (`ACTION_RULES`); which appointments a caller may
 * touch at all is decided on the server, from the session's tenant.
 */
import { OPEN_STATUSES, type Appointment, type AppointmentStatus } from "./appointments";
import { checkText } from "./text-policy";
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

/** When, relative to its start, an action makes sense. */
type ActionTiming = "beforeStart" | "afterStart";

export interface ActionRule {
  roles: readonly Role[];
  /** The statuses it applies to; completed and cancelled are final, so never either. */
  from: readonly AppointmentStatus[];
  when: ActionTiming;
  /** The status a status change leads to; a reschedule keeps it or resets it (`statusAfter`). */
  status?: AppointmentStatus;
}

/**
 * Who may do what, and when: the one table the routes, the page's buttons and the tests read.
 * "Before start" means the appointment's start is still ahead; from its start on, it has started.
 *  - confirm: a doctor or a front desk, a pending appointment that has not started;
 *  - reschedule: the patient (it goes back to pending: the doctor has not agreed to the new time)
 *    or a front desk (status kept), before the start;
 *  - cancel: anyone, before the start. Afterwards an appointment that did not happen stays as it
 *    was; cancelling it would rewrite what was planned, and free a slot that is already gone;
 *  - complete: a doctor or a front desk, a confirmed appointment, once it has started. Completed
 *    is final, so completing early would take the patient's cancel and reschedule away.
 */
const ACTION_RULES = {
  confirm: { roles: ["doctor", "clinic"], from: ["pending"], when: "beforeStart", status: "confirmed" },
  reschedule: { roles: ["patient", "clinic"], from: OPEN_STATUSES, when: "beforeStart" },
  cancel: { roles: ["patient", "doctor", "clinic"], from: OPEN_STATUSES, when: "beforeStart", status: "cancelled" },
  complete: { roles: ["doctor", "clinic"], from: ["confirmed"], when: "afterStart", status: "completed" },
} as const satisfies Record<AppointmentAction, ActionRule>;

/** The actions that set a status, and the statuses a change may ask for (the API's `status` values). */
export type StatusAction = Exclude<AppointmentAction, "reschedule">;
export type StatusChange = (typeof ACTION_RULES)[StatusAction]["status"];
export const STATUS_CHANGES = Object.values(ACTION_RULES).flatMap((rule) =>
  "status" in rule ? [rule.status] : [],
) as [StatusChange, ...StatusChange[]];

/** The order the page shows the buttons in. */
export const ACTIONS: readonly AppointmentAction[] = ["confirm", "complete", "reschedule", "cancel"];

const ROLE_NAMES: Record<Role, string> = { patient: "A patient", doctor: "A doctor", clinic: "A front desk" };

/** Whether the appointment has started at `now` (at its start time exactly, it has). */
const hasStarted = (appointment: Pick<Appointment, "scheduled_at">, now: Date) =>
  appointment.scheduled_at * 1000 <= now.getTime();

/**
 * Why `role` may not take `action` on this appointment at `now`, or null when it may: the 409
 * message the server answers with. Checked in order: the role, the status, the clock.
 */
export function actionRefusal(
  role: Role,
  appointment: Pick<Appointment, "status" | "scheduled_at">,
  action: AppointmentAction,
  now: Date = new Date(),
): string | null {
  const rule: ActionRule = ACTION_RULES[action];
  const label = `"${ACTION_LABELS[action]}"`;
  if (!rule.roles.includes(role)) return `${ROLE_NAMES[role]} cannot ${label} an appointment.`;
  if (!rule.from.includes(appointment.status))
    return `This appointment is ${appointment.status}: ${label} is not possible.`;
  const started = hasStarted(appointment, now);
  if (rule.when === "afterStart" && !started)
    return `This appointment has not started yet: ${label} is possible from its start time.`;
  if (rule.when === "beforeStart" && started)
    return `This appointment is in the past: ${label} is only possible before it starts.`;
  return null;
}

/** What `role` may do to an appointment in its slice at `now`: the buttons a card shows. */
export function allowedActions(
  role: Role,
  appointment: Pick<Appointment, "status" | "scheduled_at">,
  now: Date = new Date(),
): AppointmentAction[] {
  return ACTIONS.filter((action) => actionRefusal(role, appointment, action, now) === null);
}

/** The change a status action sends. */
export const statusChangeFor = (action: StatusAction): AppointmentChange => ({ status: ACTION_RULES[action].status });

/** The action a change asks for: a new time, or the action whose rule leads to the status asked for. */
export function actionOf(change: AppointmentChange): AppointmentAction {
  if ("scheduledAt" in change) return "reschedule";
  return ACTIONS.find((action) => action !== "reschedule" && ACTION_RULES[action].status === change.status)!;
}

/**
 * The status an allowed change leaves the appointment in. A patient's new time goes back to
 * pending (the doctor has not agreed to it); a front desk's keeps the status.
 */
export function statusAfter(role: Role, change: AppointmentChange, current: AppointmentStatus): AppointmentStatus {
  if ("status" in change) return change.status;
  return role === "patient" ? "pending" : current;
}

export type ReasonCheck = { ok: true; reason: string } | { ok: false; message: string };

/**
 * A reason as it will be stored (trimmed, line breaks as LF), or why it cannot be: the text
 * policy of lib/common/text-policy.ts, in words for the form. Shared by the form and the server.
 */
export function checkReason(reason: string): ReasonCheck {
  const check = checkText(reason, { kind: "freeText", maxLength: REASON_MAX_LENGTH });
  if (check.ok) return { ok: true, reason: check.text };
  const { problem } = check;
  switch (problem.kind) {
    case "empty":
      return { ok: false, message: "Say briefly what the appointment is for." };
    case "tooLong":
      return { ok: false, message: `Keep the reason to ${problem.maxLength} characters or fewer.` };
    case "character":
      return {
        ok: false,
        message: `The reason contains a character that cannot be saved (${problem.codePoint}, ${problem.name}); remove it and try again.`,
      };
  }
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
