import { describe, expect, it } from "vitest";
import type { WriteFailure } from "@/lib/browser/appointments-client";
import {
  checkBooking,
  checkReschedule,
  EMPTY_BOOKING,
  formFieldOf,
  refusalOf,
  withDate,
  type FormField,
} from "@/lib/browser/use-appointment-form";
import { formatTime } from "@/lib/browser/format-date";

// A Monday morning, local time, wherever the tests run.
const now = new Date(2027, 2, 8, 9, 10);
const BOOKING: readonly FormField[] = ["doctor", "date", "time", "reason"];
const RESCHEDULE: readonly FormField[] = ["date", "time"];
const filled = { doctorId: "d-patel", date: "2027-03-09", time: "14:30", reason: "Cough" };
const failure = (extra: Partial<WriteFailure>): WriteFailure => ({
  ok: false,
  status: 400,
  code: "bad_request",
  message: "Invalid request body (reason: too long).",
  ...extra,
});

describe("the field a refusal is about", () => {
  it("is the form field behind the body field the server names", () => {
    expect(formFieldOf({ field: "doctorId" }, BOOKING)).toBe("doctor");
    expect(formFieldOf({ field: "scheduledAt" }, BOOKING)).toBe("time");
    expect(formFieldOf({ field: "reason" }, BOOKING)).toBe("reason");
    expect(formFieldOf({ field: "scheduledAt" }, RESCHEDULE)).toBe("time");
  });

  it("is none when the server names none, a field the form lacks, or a name that is no field", () => {
    expect(formFieldOf({}, BOOKING)).toBeNull();
    expect(formFieldOf({ field: "reason" }, RESCHEDULE)).toBeNull();
    expect(formFieldOf({ field: "doctorId" }, RESCHEDULE)).toBeNull();
    for (const field of ["patientId", "constructor", "__proto__", "toString", ""])
      expect(formFieldOf({ field }, BOOKING), field).toBeNull();
  });

  it("never comes from the message: an English message naming a field focuses nothing", () => {
    const refusal = refusalOf(failure({ message: "Unknown doctor. Choose a time and a reason." }), BOOKING, {
      doctor: "Dr. Anika Patel",
      at: now,
    });
    expect(refusal).toEqual({
      message: "Unknown doctor. Choose a time and a reason.",
      field: null,
      sessionEnded: false,
    });
  });
});

describe("a refused write in the form's words", () => {
  const attempt = { doctor: "Dr. Anika Patel", at: new Date(2027, 2, 9, 14, 30) };

  it("says who is booked when, at the field the server names", () => {
    const taken = failure({
      status: 409,
      code: "slot_taken",
      message: "The doctor is already booked.",
      field: "scheduledAt",
    });
    expect(refusalOf(taken, BOOKING, attempt)).toEqual({
      message: `Dr. Anika Patel is already booked at ${formatTime(attempt.at)} that day. Pick another time.`,
      field: "time",
      sessionEnded: false,
    });
    expect(refusalOf(taken, RESCHEDULE, attempt).field).toBe("time");
  });

  it("keeps the server's message otherwise, and marks a 401 as an ended session", () => {
    expect(refusalOf(failure({ field: "reason" }), BOOKING, attempt)).toEqual({
      message: "Invalid request body (reason: too long).",
      field: "reason",
      sessionEnded: false,
    });
    const ended = failure({ status: 401, code: "unauthorized", message: "Sign in to book an appointment." });
    expect(refusalOf(ended, BOOKING, attempt)).toEqual({
      message: "Sign in to book an appointment.",
      field: null,
      sessionEnded: true,
    });
  });
});

describe("checkBooking", () => {
  it("names the first field to fix, in the form's order", () => {
    expect(checkBooking(EMPTY_BOOKING, now)).toEqual({
      ok: false,
      error: { message: "Choose a doctor.", field: "doctor", sessionEnded: false },
    });
    expect(checkBooking({ ...filled, date: "" }, now)).toMatchObject({ ok: false, error: { field: "date" } });
    expect(checkBooking({ ...filled, time: "" }, now)).toEqual({
      ok: false,
      error: { message: "Choose a time.", field: "time", sessionEnded: false },
    });
    expect(checkBooking({ ...filled, reason: "  " }, now)).toEqual({
      ok: false,
      error: { message: "Say briefly what the appointment is for.", field: "reason", sessionEnded: false },
    });
  });

  it("refuses the reasons the server refuses: control characters, bidi overrides, too long", () => {
    for (const [reason, message] of [
      ["Cough\u0007", "The reason contains a character that cannot be saved (U+0007, bell); remove it and try again."],
      [
        "Cough\u009b",
        "The reason contains a character that cannot be saved (U+009B, control sequence introducer); remove it and try again.",
      ],
      [
        "Cough \u202egnp.exe",
        "The reason contains a character that cannot be saved (U+202E, right-to-left override); remove it and try again.",
      ],
      ["x".repeat(501), "Keep the reason to 500 characters or fewer."],
    ] as const) {
      expect(checkBooking({ ...filled, reason }, now), JSON.stringify(reason)).toEqual({
        ok: false,
        error: { message, field: "reason", sessionEnded: false },
      });
    }
  });

  it("gives the request the server accepts: an ISO instant and the reason as it will be stored", () => {
    const checked = checkBooking({ ...filled, reason: "  Cough\r\nat night  " }, now);
    const at = new Date(2027, 2, 9, 14, 30);
    expect(checked).toEqual({
      ok: true,
      value: { request: { doctorId: "d-patel", scheduledAt: at.toISOString(), reason: "Cough\nat night" }, at },
    });
  });
});

describe("checkReschedule", () => {
  const appointment = { scheduled_at: new Date(2027, 2, 9, 14, 30).getTime() / 1000 };

  it("refuses the time the appointment already has, and an unbookable one", () => {
    expect(checkReschedule({ date: "2027-03-09", time: "14:30" }, appointment, now)).toEqual({
      ok: false,
      error: { message: "Choose a different time.", field: "time", sessionEnded: false },
    });
    expect(checkReschedule({ date: "2027-03-07", time: "14:30" }, appointment, now)).toMatchObject({
      ok: false,
      error: { field: "date" },
    });
  });

  it("gives the new instant", () => {
    expect(checkReschedule({ date: "2027-03-09", time: "15:00" }, appointment, now)).toEqual({
      ok: true,
      value: new Date(2027, 2, 9, 15, 0),
    });
  });
});

describe("withDate", () => {
  it("keeps the chosen time where the new day offers it, and drops it where not", () => {
    const values = { ...filled, date: "2027-03-10", time: "09:00" };
    expect(withDate(values, "2027-03-11", now)).toEqual({ ...values, date: "2027-03-11", time: "09:00" });
    // Today at 09:10: 09:00 has passed.
    expect(withDate(values, "2027-03-08", now)).toEqual({ ...values, date: "2027-03-08", time: "" });
    expect(withDate(values, "", now)).toEqual({ ...values, date: "", time: "" });
  });
});
