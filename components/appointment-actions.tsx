"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { changeAppointment, NOT_INDEXED_MESSAGE, type WriteOutcome } from "@/lib/browser/appointments-client";
import {
  ACTION_LABELS,
  allowedActions,
  statusChangeFor,
  type AppointmentAction,
  type AppointmentChange,
} from "@/lib/common/write-contract";
import type { Appointment } from "@/lib/common/appointments";
import { formatDate, formatTime, fromUnixSeconds } from "@/lib/browser/format-date";
import type { Role } from "@/lib/common/tenant";
import { RescheduleForm } from "./reschedule-form";
import { SignInAgainLink } from "./sign-in-again-link";

const BUSY_LABELS: Record<AppointmentAction, string> = {
  confirm: "Confirming…",
  complete: "Saving…",
  cancel: "Cancelling…",
  reschedule: "Saving…",
};

function doneMessage(action: AppointmentAction, { appointment, indexed }: Extract<WriteOutcome, { ok: true }>) {
  let message: string;
  if (action === "reschedule") {
    const when = fromUnixSeconds(appointment.scheduled_at);
    const pending = appointment.status === "pending" ? " — pending confirmation" : "";
    message = `Rescheduled to ${formatDate(when)}, ${formatTime(when)}${pending}.`;
  } else {
    message = { confirm: "Confirmed.", complete: "Marked completed.", cancel: "Cancelled." }[action];
  }
  return indexed ? message : `${message} ${NOT_INDEXED_MESSAGE}`;
}

export interface AppointmentActionsProps {
  role: Role;
  /** As shown, with this page's own writes applied. */
  appointment: Appointment;
  now: Date;
  /** The id of the element naming the appointment (its date and time): context for every button. */
  describedBy: string;
  /** A change succeeded: the API's version of the appointment, and whether search has it yet. */
  onWritten: (appointment: Appointment, indexed: boolean) => void;
  /** The appointment is not what this page thought (404, 409): search again to show what it is now. */
  onStale: () => void;
}

type Mode = "buttons" | "confirm-cancel" | "reschedule";

/**
 * The buttons `allowedActions` gives this role for this appointment. Cancel asks first, inline;
 * Reschedule opens a small form on the card. While a request runs the buttons stay focusable but
 * inert (aria-disabled, as the sign-in form does), the failure shows next to them, and success is
 * said in a status line that takes focus when the button pressed has gone.
 */
export function AppointmentActions({
  role,
  appointment,
  now,
  describedBy,
  onWritten,
  onStale,
}: AppointmentActionsProps) {
  const [mode, setMode] = useState<Mode>("buttons");
  const [running, setRunning] = useState<AppointmentAction | null>(null);
  const [error, setError] = useState<{ message: string; sessionEnded: boolean } | null>(null);
  // A new object per success, so the same words twice still move focus to them.
  const [done, setDone] = useState<{ message: string } | null>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const promptRef = useRef<HTMLParagraphElement>(null);
  const promptId = useId();
  const actions = allowedActions(role, appointment, now);

  useEffect(() => {
    if (mode === "confirm-cancel") promptRef.current?.focus();
  }, [mode]);
  // The button pressed may be gone (Confirm becomes Mark completed): focus goes to what happened.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const focusButton = (action: AppointmentAction) =>
    requestAnimationFrame(() =>
      groupRef.current?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)?.focus(),
    );

  async function run(action: AppointmentAction, change: AppointmentChange): Promise<WriteOutcome> {
    setRunning(action);
    setError(null);
    setDone(null);
    const outcome = await changeAppointment(appointment.id, change);
    setRunning(null);
    if (!outcome.ok) {
      // The reschedule form shows its own refusals, next to its fields.
      if (action !== "reschedule") setError({ message: outcome.message, sessionEnded: outcome.status === 401 });
      if (outcome.status === 404 || outcome.status === 409) onStale();
      return outcome;
    }
    setMode("buttons");
    setDone({ message: doneMessage(action, outcome) });
    onWritten(outcome.appointment, outcome.indexed);
    return outcome;
  }

  function press(action: AppointmentAction) {
    if (running) return;
    setError(null);
    if (action === "cancel") return setMode("confirm-cancel");
    if (action === "reschedule") return setMode("reschedule");
    void run(action, statusChangeFor(action));
  }

  function closeInline(back: AppointmentAction) {
    setMode("buttons");
    setError(null);
    focusButton(back);
  }

  const onConfirmKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    closeInline("cancel");
  };

  if (actions.length === 0 && !done && !error) return null;
  const busy = running !== null;

  return (
    <div className="hit-actions" ref={groupRef} aria-busy={busy}>
      {mode === "buttons" && actions.length > 0 && (
        <div className="action-buttons">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              data-action={action}
              className={`button small${action === "cancel" ? " quiet-danger" : ""}`}
              aria-disabled={busy}
              aria-describedby={describedBy}
              onClick={() => press(action)}
            >
              {running === action ? BUSY_LABELS[action] : ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      )}
      {mode === "confirm-cancel" && (
        <div className="confirm-cancel" role="group" aria-labelledby={promptId} onKeyDown={onConfirmKeyDown}>
          <p id={promptId} ref={promptRef} tabIndex={-1} className="inline-title">
            Cancel this appointment?
          </p>
          <div className="action-buttons">
            <button
              type="button"
              className="button small danger"
              aria-disabled={busy}
              aria-describedby={describedBy}
              onClick={() => !busy && void run("cancel", statusChangeFor("cancel"))}
            >
              {running === "cancel" ? BUSY_LABELS.cancel : "Yes, cancel it"}
            </button>
            <button
              type="button"
              className="button small"
              aria-disabled={busy}
              onClick={() => !busy && closeInline("cancel")}
            >
              Keep it
            </button>
          </div>
        </div>
      )}
      {mode === "reschedule" && (
        <RescheduleForm
          appointment={appointment}
          now={now}
          busy={running === "reschedule"}
          onSave={(at) => run("reschedule", { scheduledAt: at.toISOString() })}
          onClose={() => closeInline("reschedule")}
        />
      )}
      {error && (
        <p className="alert alert-error action-error" role="alert">
          {error.message}
          {error.sessionEnded && <SignInAgainLink />}
        </p>
      )}
      {done && (
        <p className="action-done" role="status" tabIndex={-1} ref={doneRef}>
          {done.message}
        </p>
      )}
    </div>
  );
}
