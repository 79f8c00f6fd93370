"use client";

import Link from "next/link";
import { useId, useRef, useState, type FormEvent } from "react";
import { useInstantSearch } from "react-instantsearch";
import { bookAppointment, NOT_INDEXED_MESSAGE, type WriteFailure } from "@/lib/browser/appointments-client";
import { detailPath } from "@/lib/browser/appointment-lookup";
import { useFollowUpRefresh } from "@/lib/browser/follow-up-refresh";
import { bookableDates, checkSchedule, localDateTime, slotTimes } from "@/lib/browser/schedule-input";
import { checkReason, REASON_MAX_LENGTH, type DoctorOption, type WriteResponse } from "@/lib/common/write-contract";
import { formatDate, formatTime, fromUnixSeconds } from "@/lib/browser/format-date";
import { SignInAgainLink } from "./sign-in-again-link";

type Field = "doctor" | "date" | "time" | "reason";

export interface BookingFormProps {
  /** Null when the directory could not be read (the database is down): booking is unavailable. */
  doctors: DoctorOption[] | null;
}

const doctorLabel = (doctor: DoctorOption) => `${doctor.name} — ${doctor.department}, ${doctor.clinic}`;

/** Which field a refusal is about, so focus goes where the fix is. */
function fieldOf(failure: WriteFailure): Field | null {
  if (failure.code === "slot_taken") return "time";
  if (failure.code === "too_many_with_doctor") return "doctor";
  if (failure.code !== "bad_request" && failure.code !== "not_found") return null;
  const message = failure.message.toLowerCase();
  if (message.includes("reason")) return "reason";
  if (message.includes("doctor")) return "doctor";
  if (/time|date|schedul|slot/.test(message)) return "time";
  return null;
}

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
  const errorId = useId();
  const reasonHintId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const doctorRef = useRef<HTMLSelectElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const timeRef = useRef<HTMLSelectElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [open, setOpen] = useState(false);
  // Read when the form opens (never during the server render): the dates and times on offer.
  const [openedAt, setOpenedAt] = useState<Date | null>(null);
  const [doctorId, setDoctorId] = useState("");
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ message: string; field: Field | null; sessionEnded?: boolean } | null>(null);
  const [pending, setPending] = useState(false);
  const [booked, setBooked] = useState<{ message: string; id: number; indexed: boolean } | null>(null);

  if (!doctors || doctors.length === 0) {
    return (
      <p className="notice" role="status">
        Booking is unavailable right now. Your appointments below are up to date; please try booking again later.
      </p>
    );
  }

  const now = openedAt ?? new Date(0);
  const dates = bookableDates(now);
  const times = date ? slotTimes(date, now) : [];

  function show() {
    const current = new Date();
    setOpenedAt(current);
    if (!date) setDate(bookableDates(current).min);
    setOpen(true);
    setBooked(null);
    requestAnimationFrame(() => doctorRef.current?.focus());
  }

  function hide() {
    setOpen(false);
    setError(null);
    toggleRef.current?.focus();
  }

  function fail(message: string, field: Field | null, sessionEnded = false) {
    setError({ message, field, sessionEnded });
    const element = { doctor: doctorRef, date: dateRef, time: timeRef, reason: reasonRef }[field ?? "doctor"].current;
    if (field) element?.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const current = new Date();
    setOpenedAt(current);
    if (!doctorId) return fail("Choose a doctor.", "doctor");
    const schedule = checkSchedule(date, time, current);
    if (!schedule.ok) return fail(schedule.message, schedule.field);
    // The server's own check (lib/common/text-policy.ts), so the form never sends what it refuses.
    const checked = checkReason(reason);
    if (!checked.ok) return fail(checked.message, "reason");

    setPending(true);
    setError(null);
    const outcome = await bookAppointment({ doctorId, scheduledAt: schedule.at.toISOString(), reason: checked.reason });
    setPending(false);
    if (!outcome.ok) {
      if (outcome.code === "slot_taken") {
        const doctor = doctors?.find((option) => option.id === doctorId)?.name ?? "This doctor";
        return fail(`${doctor} is already booked at ${formatTime(schedule.at)} that day. Pick another time.`, "time");
      }
      return fail(outcome.message, fieldOf(outcome), outcome.status === 401);
    }
    setBooked({ message: bookedMessage(outcome), id: outcome.appointment.id, indexed: outcome.indexed });
    setDoctorId("");
    setDate("");
    setTime("");
    setReason("");
    setOpen(false);
    toggleRef.current?.focus();
    refresh();
    if (!outcome.indexed) followUp();
  }

  const invalid = (field: Field) => (error?.field === field ? true : undefined);
  const describedBy = (field: Field, ...others: string[]) =>
    [...(error?.field === field ? [errorId] : []), ...others].join(" ") || undefined;

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
              ref={doctorRef}
              value={doctorId}
              onChange={(event) => setDoctorId(event.currentTarget.value)}
              required
              aria-invalid={invalid("doctor")}
              aria-describedby={describedBy("doctor")}
            >
              <option value="">Choose a doctor</option>
              {doctors.map((doctor) => (
                <option key={doctor.id} value={doctor.id}>
                  {doctorLabel(doctor)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Date</span>
            <input
              ref={dateRef}
              type="date"
              value={date}
              min={openedAt ? dates.min : undefined}
              max={openedAt ? dates.max : undefined}
              onChange={(event) => {
                const next = event.currentTarget.value;
                setDate(next);
                if (time && !slotTimes(next, new Date()).includes(time)) setTime("");
              }}
              required
              aria-invalid={invalid("date")}
              aria-describedby={describedBy("date")}
            />
          </label>
          <label className="field">
            <span>Time</span>
            <select
              ref={timeRef}
              value={time}
              onChange={(event) => setTime(event.currentTarget.value)}
              required
              aria-invalid={invalid("time")}
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
          <label className="field booking-reason">
            <span>Reason for the visit</span>
            <textarea
              ref={reasonRef}
              value={reason}
              rows={3}
              maxLength={REASON_MAX_LENGTH}
              onChange={(event) => setReason(event.currentTarget.value)}
              required
              aria-invalid={invalid("reason")}
              aria-describedby={describedBy("reason", reasonHintId)}
            />
            <span id={reasonHintId} className="field-hint" data-near-limit={reason.length > REASON_MAX_LENGTH - 50}>
              {reason.length} of {REASON_MAX_LENGTH} characters
            </span>
          </label>
          {error && (
            <p id={errorId} className="alert alert-error booking-error" role="alert">
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
