"use client";

import { useEffect, useId, type FormEvent, type KeyboardEvent } from "react";
import type { WriteOutcome } from "@/lib/browser/appointments-client";
import { bookableDates, dateInputValue, slotTimes, timeInputValue } from "@/lib/browser/schedule-input";
import {
  checkReschedule,
  refusalOf,
  useAppointmentForm,
  type FormField,
  type ScheduleValues,
} from "@/lib/browser/use-appointment-form";
import type { Appointment } from "@/lib/common/appointments";
import { fromUnixSeconds } from "@/lib/browser/format-date";
import { ScheduleFields } from "./schedule-fields";
import { SignInAgainLink } from "./sign-in-again-link";

const FIELDS: readonly FormField[] = ["date", "time"];

/** The fields to start from: the appointment's own day and time while they are still ahead. */
function initialValues(appointment: Appointment, now: Date): ScheduleValues {
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
  const form = useAppointmentForm(() => initialValues(appointment, now));
  const { values, error, focus } = form;

  useEffect(() => focus("date"), [focus]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const checked = checkReschedule(values, appointment, new Date());
    if (!checked.ok) return form.fail(checked.error);
    form.clearError();
    const outcome = await onSave(checked.value);
    if (outcome.ok) return;
    form.fail(refusalOf(outcome, FIELDS, { doctor: appointment.doctor, at: checked.value }));
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    onClose();
  };

  return (
    <form className="reschedule-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-labelledby={titleId}>
      <p id={titleId} className="inline-title">
        Choose a new time
      </p>
      <div className="reschedule-fields">
        <ScheduleFields
          labels={{ date: "New date", time: "New time" }}
          values={values}
          now={now}
          onDateChange={(date) => form.setValue("date", date)}
          onTimeChange={(time) => form.setValue("time", time)}
          dateProps={form.fieldProps("date")}
          timeProps={form.fieldProps("time")}
        />
      </div>
      {error && (
        <p id={form.errorId} className="alert alert-error" role="alert">
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
