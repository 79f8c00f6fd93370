import { describe, expect, it } from "vitest";
import { allowedActions, reasonProblem, scheduleProblem, SLOT_MINUTES } from "@/lib/common/appointment-writes";
import type { AppointmentStatus } from "@/lib/common/appointments";
import type { Role } from "@/lib/common/tenant";

const now = new Date(Date.UTC(2026, 11, 3, 12, 10));
const seconds = (date: Date) => date.getTime() / 1000;
const future = seconds(new Date(Date.UTC(2026, 11, 10, 9, 0)));
const past = seconds(new Date(Date.UTC(2026, 10, 10, 9, 0)));

describe("allowedActions", () => {
  const table: [Role, AppointmentStatus, number, string[]][] = [
    ["patient", "pending", future, ["reschedule", "cancel"]],
    ["patient", "confirmed", future, ["reschedule", "cancel"]],
    ["patient", "pending", past, []],
    ["patient", "completed", future, []],
    ["patient", "cancelled", future, []],
    ["doctor", "pending", future, ["confirm", "cancel"]],
    ["doctor", "confirmed", future, ["complete", "cancel"]],
    ["doctor", "confirmed", past, ["complete", "cancel"]],
    ["doctor", "completed", past, []],
    ["doctor", "cancelled", future, []],
    ["clinic", "pending", future, ["confirm", "reschedule", "cancel"]],
    ["clinic", "confirmed", future, ["complete", "reschedule", "cancel"]],
    ["clinic", "pending", past, ["confirm", "cancel"]],
    ["clinic", "completed", past, []],
  ];
  it.each(table)("%s, %s, at %i: %j", (role, status, at, expected) => {
    expect(allowedActions(role, { status, scheduled_at: at }, now)).toEqual(expected);
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

describe("reasonProblem", () => {
  it("accepts text with markup, accents, tabs and line breaks (it is shown as text)", () => {
    expect(reasonProblem("<img src=x onerror=alert(1)> Rücken\tschmerzen\nseit Montag")).toBeNull();
  });
  it.each([
    ["", "Say briefly what the appointment is for."],
    ["   \n ", "Say briefly what the appointment is for."],
    ["x".repeat(501), "Keep the reason to 500 characters or fewer."],
    ["nul\u0000byte", "The reason contains control characters; remove them and try again."],
    ["bell\u0007", "The reason contains control characters; remove them and try again."],
  ])("refuses %j", (reason, message) => {
    expect(reasonProblem(reason)).toBe(message);
  });
  it("counts the trimmed text: 500 characters plus spaces is fine", () => {
    expect(reasonProblem(`  ${"x".repeat(500)}  `)).toBeNull();
  });
});
