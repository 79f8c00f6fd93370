"use client";

import Link from "next/link";
import { useId, useRef, useState, type FormEvent } from "react";
import { useInstantSearch } from "react-instantsearch";
import { bookAppointment, NOT_INDEXED_MESSAGE } from "@/lib/browser/appointments-client";
import { detailPath } from "@/lib/browser/appointment-lookup";
import { useFollowUpRefresh } from "@/lib/browser/follow-up-refresh";
import { bookableDates } from "@/lib/browser/schedule-input";
import {
  checkBooking,
  EMPTY_BOOKING,
  refusalOf,
  useAppointmentForm,
  type FormField,
} from "@/lib/browser/use-appointment-form";
import { REASON_MAX_LENGTH, type DoctorOption, type WriteResponse } from "@/lib/common/write-contract";
import { formatDate, formatTime, fromUnixSeconds } from "@/lib/browser/format-date";
import { ScheduleFields } from "./schedule-fields";
import { SignInAgainLink } from "./sign-in-again-link";

const FIELDS: readonly FormField[] = ["doctor", "date", "time", "reason"];

export interface BookingFormProps {
  /** Null when the directory could not be read (the database is down): booking is unavailable. */
  doctors: DoctorOption[] | null;
}

const doctorLabel = (doctor: DoctorOption) => `${doctor.name} — ${doctor.department}, ${doctor.clinic}`;

function bookedMessage({ appointment }: WriteResponse): string {
  const when = fromUnixSeconds(appointment.scheduled_at);
  return `Booked: ${formatDate(when)}, ${formatTime(when)} with ${appointment.doctor} — pending confirmation.`;
}

/**
 * "Book an appointment": a disclosure with the booking form. Everything is checked here first
 * (the server checks again); a refusal is shown in the form, focus goes to the field to fix, and
 * nothing typed is lost. On success the form closes and empties, and a status line says what was
 * booked. Times are the browser's local time; the API gets an ISO instant.
 */
export function BookingForm({ doctors }: BookingFormProps) {
  // After a booking the search runs again (its cache cleared), so the new appointment is listed.
  const { refresh } = useInstantSearch();
  const followUp = useFollowUpRefresh(refresh);
  const panelId = useId();
  const titleId = useId();
  const reasonHintId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const form = useAppointmentForm(EMPTY_BOOKING);
  const { values, error } = form;
  const [open, setOpen] = useState(false);
  // Read when the form opens (never during the server render): the dates and times on offer.
  const [openedAt, setOpenedAt] = useState<Date | null>(null);
  const [pending, setPending] = useState(false);
  const [booked, setBooked] = useState<{ message: string; id: number; indexed: boolean } | null>(null);

  if (!doctors || doctors.length === 0) {
    return (
      <p className="notice" role="status">
        Booking is unavailable right now. Your appointments below are up to date; please try booking again later.
      </p>
    );
  }

  function show() {
    const current = new Date();
    setOpenedAt(current);
    if (!values.date) form.setValue("date", bookableDates(current).min);
    setOpen(true);
    setBooked(null);
    requestAnimationFrame(() => form.focus("doctor"));
  }

  function hide() {
    setOpen(false);
    form.clearError();
    toggleRef.current?.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const current = new Date();
    setOpenedAt(current);
    const checked = checkBooking(values, current);
    if (!checked.ok) return form.fail(checked.error);

    setPending(true);
    form.clearError();
    const { request, at } = checked.value;
    const outcome = await bookAppointment(request);
    setPending(false);
    if (!outcome.ok) {
      const doctor = doctors?.find((option) => option.id === request.doctorId)?.name ?? "This doctor";
      return form.fail(refusalOf(outcome, FIELDS, { doctor, at }));
    }
    setBooked({ message: bookedMessage(outcome), id: outcome.appointment.id, indexed: outcome.indexed });
    form.setValues(EMPTY_BOOKING);
    setOpen(false);
    toggleRef.current?.focus();
    refresh();
    if (!outcome.indexed) followUp();
  }

  return (
    <div className="booking">
      <button
        ref={toggleRef}
        type="button"
        className="button primary booking-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? hide() : show())}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M8 2v12M2 8h12" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
        {/* On a phone the button reads "Book"; its name stays "Book an appointment". */}
        Book<span className="booking-toggle-more"> an appointment</span>
      </button>
      {/* Always in the page, so screen readers announce what is put into it. */}
      <p className="notice booking-notice" role="status">
        {booked && (
          <>
            {booked.message} {/* Not searchable yet, the detail page would not find it either. */}
            {booked.indexed ? <Link href={detailPath(booked.id, "")}>View it</Link> : NOT_INDEXED_MESSAGE}
          </>
        )}
      </p>
      <section id={panelId} className="booking-panel card" aria-labelledby={titleId} hidden={!open}>
        <h2 id={titleId}>Book an appointment</h2>
        <form className="booking-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
          <label className="field booking-doctor">
            <span>Doctor</span>
            <select
              {...form.fieldProps("doctor")}
              value={values.doctorId}
              onChange={(event) => form.setValue("doctorId", event.currentTarget.value)}
              required
            >
              <option value="">Choose a doctor</option>
              {doctors.map((doctor) => (
                <option key={doctor.id} value={doctor.id}>
                  {doctorLabel(doctor)}
                </option>
              ))}
            </select>
          </label>
          <ScheduleFields
            labels={{ date: "Date", time: "Time" }}
            values={values}
            now={openedAt}
            onDateChange={(date) => form.setValue("date", date)}
            onTimeChange={(time) => form.setValue("time", time)}
            dateProps={form.fieldProps("date")}
            timeProps={form.fieldProps("time")}
          />
          <label className="field booking-reason">
            <span>Reason for the visit</span>
            <textarea
              {...form.fieldProps("reason", reasonHintId)}
              value={values.reason}
              rows={3}
              maxLength={REASON_MAX_LENGTH}
              onChange={(event) => form.setValue("reason", event.currentTarget.value)}
              required
            />
            <span
              id={reasonHintId}
              className="field-hint"
              data-near-limit={values.reason.length > REASON_MAX_LENGTH - 50}
            >
              {values.reason.length} of {REASON_MAX_LENGTH} characters
            </span>
          </label>
          {error && (
            <p id={form.errorId} className="alert alert-error booking-error" role="alert">
              {error.message}
              {error.sessionEnded && <SignInAgainLink />}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button primary" aria-disabled={pending}>
              {pending ? "Booking…" : "Book"}
            </button>
            <button type="button" className="button" onClick={hide}>
              Close
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
