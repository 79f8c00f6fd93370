import "client-only";
import { useCallback, useId, useRef, useState } from "react";
import { checkReason, type BookingRequest } from "../common/write-contract";
import type { Appointment } from "../common/appointments";
import { formatTime } from "./format-date";
import type { WriteFailure } from "./appointments-client";
import { checkSchedule, slotTimes } from "./schedule-input";

/**
 * What the booking and the reschedule forms share: their values, the check before sending, the
 * refusal shown in the form with focus on the field to fix (the one the server names, when it
 * names one), and nothing typed lost. The pure functions are unit-tested
 * (tests/unit/appointment-form.test.ts); the components only lay the fields out.
 */

/** The fields of the two forms: the booking form has all four, the reschedule form the date and time. */
export type FormField = "doctor" | "date" | "time" | "reason";

/** A refusal as the form shows it: beside the fields, with the field to fix marked and focused. */
interface FormError {
  message: string;
  field: FormField | null;
  /** A 401: the form adds a link to sign in again. */
  sessionEnded: boolean;
}

type FormCheck<T> = { ok: true; value: T } | { ok: false; error: FormError };

const refuse = (field: FormField, message: string): { ok: false; error: FormError } => ({
  ok: false,
  error: { message, field, sessionEnded: false },
});

/**
 * The form field behind each field of the write API's body. A refusal naming `scheduledAt` is
 * fixed by choosing another time on the day already chosen, so focus goes to the time.
 */
const FORM_FIELDS: Record<keyof BookingRequest, FormField> = {
  doctorId: "doctor",
  scheduledAt: "time",
  reason: "reason",
};

/** The form field a refusal is about: the one the server names, when this form has it. */
export function formFieldOf(failure: Pick<WriteFailure, "field">, fields: readonly FormField[]): FormField | null {
  const named = failure.field;
  if (!named || !Object.hasOwn(FORM_FIELDS, named)) return null;
  const field = FORM_FIELDS[named as keyof BookingRequest];
  return fields.includes(field) ? field : null;
}

/**
 * A refused write in the form's words. A taken slot names the doctor and the time (the server's
 * message cannot: it does not know the browser's time zone).
 */
export function refusalOf(
  failure: WriteFailure,
  fields: readonly FormField[],
  attempt: { doctor: string; at: Date },
): FormError {
  const field = formFieldOf(failure, fields);
  if (failure.code === "slot_taken") {
    return {
      message: `${attempt.doctor} is already booked at ${formatTime(attempt.at)} that day. Pick another time.`,
      field,
      sessionEnded: false,
    };
  }
  return { message: failure.message, field, sessionEnded: failure.status === 401 };
}

export interface ScheduleValues {
  /** `YYYY-MM-DD`, local. */
  date: string;
  /** `HH:MM`, local, or "" when none is chosen. */
  time: string;
}

/** A new date keeps the chosen time only if that time is still offered on it. */
export function withDate<V extends ScheduleValues>(values: V, date: string, now: Date): V {
  const time = values.time && slotTimes(date, now).includes(values.time) ? values.time : "";
  return { ...values, date, time };
}

interface BookingValues extends ScheduleValues {
  doctorId: string;
  reason: string;
}

export const EMPTY_BOOKING: BookingValues = { doctorId: "", date: "", time: "", reason: "" };

/**
 * The booking as the server will check it, field by field in the form's order, so the form never
 * sends what the server would refuse. The reason goes through the server's own rule
 * (`checkReason`: length, control characters, bidi controls, invisible-only text).
 */
export function checkBooking(values: BookingValues, now: Date): FormCheck<{ request: BookingRequest; at: Date }> {
  if (!values.doctorId) return refuse("doctor", "Choose a doctor.");
  const schedule = checkSchedule(values.date, values.time, now);
  if (!schedule.ok) return refuse(schedule.field, schedule.message);
  const reason = checkReason(values.reason);
  if (!reason.ok) return refuse("reason", reason.message);
  const request = { doctorId: values.doctorId, scheduledAt: schedule.at.toISOString(), reason: reason.reason };
  return { ok: true, value: { request, at: schedule.at } };
}

/** A new time for `appointment`: a bookable one, and not the time it already has. */
export function checkReschedule(
  values: ScheduleValues,
  appointment: Pick<Appointment, "scheduled_at">,
  now: Date,
): FormCheck<Date> {
  const schedule = checkSchedule(values.date, values.time, now);
  if (!schedule.ok) return refuse(schedule.field, schedule.message);
  if (schedule.at.getTime() === appointment.scheduled_at * 1000) return refuse("time", "Choose a different time.");
  return { ok: true, value: schedule.at };
}

/** The props that tie a field to the form's error: its ref (for focus), aria-invalid and the description. */
export interface FieldProps {
  ref: (element: HTMLElement | null) => void;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * The state of one form: its values, its error, and each field's element, so that a refusal can
 * move focus to the field to fix. `fieldProps(field, ...hints)` goes on the field's control.
 */
export function useAppointmentForm<V extends ScheduleValues>(initial: V | (() => V)) {
  const errorId = useId();
  const [values, setValues] = useState<V>(initial);
  const [error, setError] = useState<FormError | null>(null);
  const elements = useRef(new Map<FormField, HTMLElement>());
  const refs = useRef(new Map<FormField, FieldProps["ref"]>());

  const focus = useCallback((field: FormField) => elements.current.get(field)?.focus(), []);

  const fail = useCallback(
    (next: FormError) => {
      setError(next);
      if (next.field) focus(next.field);
    },
    [focus],
  );

  function refOf(field: FormField): FieldProps["ref"] {
    let ref = refs.current.get(field);
    if (!ref) {
      ref = (element) => {
        if (element) elements.current.set(field, element);
        else elements.current.delete(field);
      };
      refs.current.set(field, ref);
    }
    return ref;
  }

  const fieldProps = (field: FormField, ...hints: string[]): FieldProps => {
    const marked = error?.field === field;
    return {
      ref: refOf(field),
      "aria-invalid": marked ? true : undefined,
      "aria-describedby": [...(marked ? [errorId] : []), ...hints].join(" ") || undefined,
    };
  };

  return {
    values,
    /** Sets one value; a new date drops a time that day does not offer. */
    setValue: <K extends keyof V>(key: K, value: V[K]) =>
      setValues((current) =>
        key === "date" ? withDate(current, value as string, new Date()) : { ...current, [key]: value },
      ),
    setValues,
    error,
    errorId,
    fail,
    clearError: () => setError(null),
    focus,
    fieldProps,
  };
}
