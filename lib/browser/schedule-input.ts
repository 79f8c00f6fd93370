import "client-only";
/**
 * The date and time fields of the booking and reschedule forms, in the browser's own time zone.
 * A date input gives `YYYY-MM-DD` and the time select `HH:MM`, both local; the API wants an instant
 * on a slot boundary, which `scheduleProblem` (lib/common/write-contract.ts) checks in UTC.
 * Pure functions of their arguments and the local time zone (tests/unit/schedule-input.test.ts).
 */
import { MAX_DAYS_AHEAD, SLOT_MINUTES, scheduleProblem } from "../common/write-contract";

/** Opening hours, local time: the first and the last start time offered. */
const DAY_START = { hours: 8, minutes: 0 };
const DAY_END = { hours: 17, minutes: 30 };
const SLOT_MS = SLOT_MINUTES * 60_000;
const DAY_MS = 86_400_000;

const pad = (value: number) => String(value).padStart(2, "0");

/** `YYYY-MM-DD` of a moment, in local time: what `<input type="date">` holds. */
export function dateInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `HH:MM` of a moment, in local time. */
export function timeInputValue(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function parseDate(value: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(year, month - 1, day);
  // new Date() rolls 31 February over into March: such a date does not exist.
  if (probe.getFullYear() !== year || probe.getMonth() !== month - 1 || probe.getDate() !== day) return null;
  return { year, month, day };
}

/** The local moment of a date field and a time field; an Invalid Date when either is malformed. */
export function localDateTime(date: string, time: string): Date {
  const day = parseDate(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!day || !clock) return new Date(Number.NaN);
  const [hours, minutes] = [Number(clock[1]), Number(clock[2])];
  if (hours > 23 || minutes > 59) return new Date(Number.NaN);
  return new Date(day.year, day.month - 1, day.day, hours, minutes);
}

/**
 * The start times offered on a date (`HH:MM`, local), from 08:00 to 17:30, every half hour, and
 * only those still ahead of `now`. Slots are half hours in UTC: where the local offset is not a
 * whole half hour (Nepal's +05:45), the times shift to 08:15, 08:45, … rather than offering times
 * the server would refuse.
 */
export function slotTimes(date: string, now: Date = new Date()): string[] {
  const day = parseDate(date);
  if (!day) return [];
  const start = new Date(day.year, day.month - 1, day.day, DAY_START.hours, DAY_START.minutes).getTime();
  const end = new Date(day.year, day.month - 1, day.day, DAY_END.hours, DAY_END.minutes).getTime();
  const times: string[] = [];
  for (let at = Math.ceil(start / SLOT_MS) * SLOT_MS; at <= end; at += SLOT_MS) {
    if (at > now.getTime()) times.push(timeInputValue(new Date(at)));
  }
  return times;
}

/** The dates a booking may fall on: today (or tomorrow once today's last slot has passed) up to the limit. */
export function bookableDates(now: Date = new Date()): { min: string; max: string } {
  const today = dateInputValue(now);
  const min = slotTimes(today, now).length > 0 ? today : dateInputValue(new Date(now.getTime() + DAY_MS));
  return { min, max: dateInputValue(new Date(now.getTime() + (MAX_DAYS_AHEAD - 1) * DAY_MS)) };
}

export type ScheduleCheck = { ok: true; at: Date } | { ok: false; field: "date" | "time"; message: string };

/** Checks the two fields before anything is sent, naming the one to fix. */
export function checkSchedule(date: string, time: string, now: Date = new Date()): ScheduleCheck {
  if (!parseDate(date)) return { ok: false, field: "date", message: "Choose a date." };
  const { min, max } = bookableDates(now);
  if (date < min) return { ok: false, field: "date", message: "Choose a date from today on." };
  if (date > max) return { ok: false, field: "date", message: `Choose a date within the next ${MAX_DAYS_AHEAD} days.` };
  if (!time) return { ok: false, field: "time", message: "Choose a time." };
  const at = localDateTime(date, time);
  const problem = scheduleProblem(at, now);
  return problem ? { ok: false, field: "time", message: problem } : { ok: true, at };
}
