"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { WriteOutcome } from "@/lib/browser/appointments-client";
import {
  bookableDates,
  checkSchedule,
  dateInputValue,
  localDateTime,
  slotTimes,
  timeInputValue,
} from "@/lib/browser/schedule-input";
import type { Appointment } from "@/lib/common/appointments";
import { formatTime, fromUnixSeconds } from "@/lib/browser/format-date";
import { SignInAgainLink } from "./sign-in-again-link";

type Field = "date" | "time";

/** The fields to start from: the appointment's own day and time while they are still ahead. */
function initialValues(appointment: Appointment, now: Date): { date: string; time: string } {
  const when = fromUnixSeconds(appointment.scheduled_at);
  const date = when.getTime() > now.getTime() ? dateInputValue(when) : bookableDates(now).min;
  const time = timeInputValue(when);
  return { date, time: slotTimes(date, now).includes(time) ? time : "" };
}

/**
 * A card's inline "new date and time" form. Checks the time before sending; a refusal (the slot is
 * taken, say) is shown here with focus on the field to fix, and the chosen values stay.
 */
export function RescheduleForm({
  appointment,
  now,
  busy,
  onSave,
  onClose,
}: {
  appointment: Appointment;
  now: Date;
  busy: boolean;
  /** Sends the change; the parent closes this form on success. */
  onSave: (at: Date) => Promise<WriteOutcome>;
  onClose: () => void;
}) {
  const titleId = useId();
  const errorId = useId();
  const dateRef = useRef<HTMLInputElement>(null);
  const timeRef = useRef<HTMLSelectElement>(null);
  const [initial] = useState(() => initialValues(appointment, now));
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [error, setError] = useState<{ message: string; field: Field | null; sessionEnded: boolean } | null>(null);
  const dates = bookableDates(now);
  const times = slotTimes(date, now);

  useEffect(() => dateRef.current?.focus(), []);

  function fail(message: string, field: Field | null, sessionEnded = false) {
    setError({ message, field, sessionEnded });
    if (field === "date") dateRef.current?.focus();
    if (field === "time") timeRef.current?.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const schedule = checkSchedule(date, time, new Date());
    if (!schedule.ok) return fail(schedule.message, schedule.field);
    if (schedule.at.getTime() === appointment.scheduled_at * 1000) return fail("Choose a different time.", "time");
    setError(null);
    const outcome = await onSave(schedule.at);
    if (outcome.ok) return;
    if (outcome.code === "slot_taken")
      return fail(
        `${appointment.doctor} is already booked at ${formatTime(schedule.at)} that day. Pick another time.`,
        "time",
      );
    return fail(outcome.message, outcome.code === "bad_request" ? "time" : null, outcome.status === 401);
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    onClose();
  };
  const describedBy = (field: Field) => (error?.field === field ? errorId : undefined);

  return (
    <form className="reschedule-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-labelledby={titleId}>
      <p id={titleId} className="inline-title">
        Choose a new time
      </p>
      <div className="reschedule-fields">
        <label className="field">
          <span>New date</span>
          <input
            ref={dateRef}
            type="date"
            value={date}
            min={dates.min}
            max={dates.max}
            onChange={(event) => {
              const next = event.currentTarget.value;
              setDate(next);
              if (time && !slotTimes(next, new Date()).includes(time)) setTime("");
            }}
            required
            aria-invalid={error?.field === "date" ? true : undefined}
            aria-describedby={describedBy("date")}
          />
        </label>
        <label className="field">
          <span>New time</span>
          <select
            ref={timeRef}
            value={time}
            onChange={(event) => setTime(event.currentTarget.value)}
            required
            aria-invalid={error?.field === "time" ? true : undefined}
            aria-describedby={describedBy("time")}
          >
            <option value="">{date && times.length === 0 ? "No times left on this day" : "Choose…"}</option>
            {times.map((slot) => (
              <option key={slot} value={slot}>
                {formatTime(localDateTime(date, slot))}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p id={errorId} className="alert alert-error" role="alert">
          {error.message}
          {error.sessionEnded && <SignInAgainLink />}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" aria-disabled={busy}>
          {busy ? "Saving…" : "Save new time"}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
