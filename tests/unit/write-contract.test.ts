import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  actionOf,
  actionRefusal,
  allowedActions,
  checkReason,
  scheduleProblem,
  SLOT_MINUTES,
  STATUS_CHANGES,
  statusAfter,
  statusChangeFor,
  type AppointmentAction,
} from "@/lib/common/write-contract";
import { APPOINTMENT_STATUSES, type AppointmentStatus } from "@/lib/common/appointments";
import type { Role } from "@/lib/common/tenant";

const now = new Date(Date.UTC(2026, 11, 3, 12, 10));
const seconds = (date: Date) => date.getTime() / 1000;
const future = seconds(new Date(Date.UTC(2026, 11, 10, 9, 0)));
const past = seconds(new Date(Date.UTC(2026, 10, 10, 9, 0)));

describe("allowedActions: the whole table, role × status × before/after the start", () => {
  // Every combination, so a rule added, dropped or widened changes exactly one visible row.
  const before = future;
  const after = past;
  const table: [Role, AppointmentStatus, "before" | "after", AppointmentAction[]][] = [
    ["patient", "pending", "before", ["reschedule", "cancel"]],
    ["patient", "pending", "after", []],
    ["patient", "confirmed", "before", ["reschedule", "cancel"]],
    ["patient", "confirmed", "after", []],
    ["patient", "completed", "before", []],
    ["patient", "completed", "after", []],
    ["patient", "cancelled", "before", []],
    ["patient", "cancelled", "after", []],
    ["doctor", "pending", "before", ["confirm", "cancel"]],
    ["doctor", "pending", "after", []],
    ["doctor", "confirmed", "before", ["cancel"]],
    ["doctor", "confirmed", "after", ["complete"]],
    ["doctor", "completed", "before", []],
    ["doctor", "completed", "after", []],
    ["doctor", "cancelled", "before", []],
    ["doctor", "cancelled", "after", []],
    ["clinic", "pending", "before", ["confirm", "reschedule", "cancel"]],
    ["clinic", "pending", "after", []],
    ["clinic", "confirmed", "before", ["reschedule", "cancel"]],
    ["clinic", "confirmed", "after", ["complete"]],
    ["clinic", "completed", "before", []],
    ["clinic", "completed", "after", []],
    ["clinic", "cancelled", "before", []],
    ["clinic", "cancelled", "after", []],
  ];
  it("lists all 24 combinations", () => expect(table).toHaveLength(3 * APPOINTMENT_STATUSES.length * 2));
  it.each(table)("%s, %s, %s the start: %j", (role, status, when, expected) => {
    const scheduled_at = when === "before" ? before : after;
    expect(allowedActions(role, { status, scheduled_at }, now)).toEqual(expected);
  });

  it("counts the start itself as started: complete from that second, confirm no longer", () => {
    const start = seconds(now);
    expect(allowedActions("doctor", { status: "confirmed", scheduled_at: start }, now)).toEqual(["complete"]);
    expect(allowedActions("doctor", { status: "pending", scheduled_at: start }, now)).toEqual([]);
    expect(allowedActions("doctor", { status: "pending", scheduled_at: start + 1 }, now)).toEqual([
      "confirm",
      "cancel",
    ]);
  });
});

describe("actionRefusal: why, in the 409's words", () => {
  it.each([
    [
      "doctor",
      "confirmed",
      future,
      "complete",
      'This appointment has not started yet: "Mark completed" is possible from its start time.',
    ],
    [
      "clinic",
      "confirmed",
      future,
      "complete",
      'This appointment has not started yet: "Mark completed" is possible from its start time.',
    ],
    [
      "patient",
      "confirmed",
      past,
      "cancel",
      'This appointment is in the past: "Cancel" is only possible before it starts.',
    ],
    [
      "patient",
      "pending",
      past,
      "reschedule",
      'This appointment is in the past: "Reschedule" is only possible before it starts.',
    ],
    [
      "doctor",
      "pending",
      past,
      "confirm",
      'This appointment is in the past: "Confirm" is only possible before it starts.',
    ],
    ["doctor", "pending", past, "complete", 'This appointment is pending: "Mark completed" is not possible.'],
    ["clinic", "completed", future, "cancel", 'This appointment is completed: "Cancel" is not possible.'],
    ["patient", "pending", future, "confirm", 'A patient cannot "Confirm" an appointment.'],
    ["doctor", "confirmed", future, "reschedule", 'A doctor cannot "Reschedule" an appointment.'],
  ] as [Role, AppointmentStatus, number, AppointmentAction, string][])(
    "%s, %s, %i, %s",
    (role, status, scheduled_at, action, message) => {
      expect(actionRefusal(role, { status, scheduled_at }, action, now)).toBe(message);
    },
  );

  it("is null exactly for the allowed actions (the buttons and the server read one table)", () => {
    for (const role of ["patient", "doctor", "clinic"] as Role[])
      for (const status of APPOINTMENT_STATUSES)
        for (const scheduled_at of [past, future]) {
          const allowed = allowedActions(role, { status, scheduled_at }, now);
          for (const action of ACTIONS)
            expect(actionRefusal(role, { status, scheduled_at }, action, now) === null).toBe(allowed.includes(action));
        }
  });
});

describe("the statuses a change may ask for, from ACTION_RULES", () => {
  it("lists exactly the three status changes, each sent by its action", () => {
    expect(STATUS_CHANGES).toEqual(["confirmed", "cancelled", "completed"]);
    expect(statusChangeFor("confirm")).toEqual({ status: "confirmed" });
    expect(statusChangeFor("complete")).toEqual({ status: "completed" });
    expect(statusChangeFor("cancel")).toEqual({ status: "cancelled" });
  });
  it("resets a patient's reschedule to pending and keeps a front desk's status", () => {
    const later = { scheduledAt: "2026-12-10T09:00:00Z" };
    expect(statusAfter("patient", later, "confirmed")).toBe("pending");
    expect(statusAfter("clinic", later, "confirmed")).toBe("confirmed");
    expect(statusAfter("clinic", later, "pending")).toBe("pending");
    expect(statusAfter("doctor", { status: "completed" }, "confirmed")).toBe("completed");
  });
});

describe("actionOf", () => {
  it("maps each change to its action, the inverse of the rules' statuses", () => {
    expect(actionOf({ status: "confirmed" })).toBe("confirm");
    expect(actionOf({ status: "completed" })).toBe("complete");
    expect(actionOf({ status: "cancelled" })).toBe("cancel");
    expect(actionOf({ scheduledAt: "2026-12-10T09:00:00Z" })).toBe("reschedule");
  });
});

describe("scheduleProblem", () => {
  it("accepts a future half hour within a year", () => {
    expect(scheduleProblem(new Date(Date.UTC(2026, 11, 4, 8, 30)), now)).toBeNull();
    expect(scheduleProblem(new Date(Date.UTC(2026, 11, 3, 12, 30)), now)).toBeNull();
  });
  it.each([
    ["the past", new Date(Date.UTC(2026, 11, 3, 12, 0)), "Choose a time in the future."],
    ["now", now, "Choose a time in the future."],
    ["not a date", new Date("nope"), "Choose a date and time."],
    ["over a year ahead", new Date(Date.UTC(2027, 11, 5, 9, 0)), "Choose a time within the next 365 days."],
    ["a quarter past", new Date(Date.UTC(2026, 11, 4, 8, 15)), "Appointments start on the hour or the half hour."],
    ["with seconds", new Date(Date.UTC(2026, 11, 4, 8, 30, 1)), "Appointments start on the hour or the half hour."],
  ])("refuses %s", (_, when, message) => {
    expect(scheduleProblem(when, now)).toBe(message);
  });
  it("uses 30-minute slots", () => expect(SLOT_MINUTES).toBe(30));
});

describe("checkReason", () => {
  it("accepts text with markup, accents, tabs and line breaks (it is shown as text)", () => {
    const reason = "<img src=x onerror=alert(1)> Rücken\tschmerzen\nseit Montag";
    expect(checkReason(reason)).toEqual({ ok: true, reason });
  });
  it.each([
    ["", "Say briefly what the appointment is for."],
    ["   \n ", "Say briefly what the appointment is for."],
    ["x".repeat(501), "Keep the reason to 500 characters or fewer."],
    ["nul\u0000byte", "The reason contains a character that cannot be saved (U+0000, null); remove it and try again."],
    ["bell\u0007", "The reason contains a character that cannot be saved (U+0007, bell); remove it and try again."],
  ])("refuses %j", (reason, message) => {
    expect(checkReason(reason)).toEqual({ ok: false, message });
  });
  it("counts the trimmed text: 500 characters plus spaces is fine", () => {
    expect(checkReason(`  ${"x".repeat(500)}  `)).toEqual({ ok: true, reason: "x".repeat(500) });
  });
});
