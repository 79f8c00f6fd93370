import "client-only";
/** Dates in the reader's own locale and time zone. Only rendered in the browser (results are client-side). */
const dateFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
});
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const shortFormat = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

export const fromUnixSeconds = (seconds: number) => new Date(seconds * 1000);
export const formatDate = (date: Date) => dateFormat.format(date);
export const formatTime = (date: Date) => timeFormat.format(date);
export const formatShortDateTime = (date: Date) => shortFormat.format(date);

/** `m:ss`, or `h:mm:ss` from an hour up; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

const DAY_MS = 86_400_000;

/** Whole calendar days from `now` to `date` in the local time zone (daylight saving included). */
export function calendarDaysBetween(now: Date, date: Date): number {
  const midnight = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((midnight(date) - midnight(now)) / DAY_MS);
}

/**
 * How far a day is, the way people say it: days up to a week, then weeks up to a month, then
 * months, rounded. Positive is ahead; `{ value: 0, unit: "day" }` is today.
 */
export function relativeDay(days: number): { value: number; unit: "day" | "week" | "month" } {
  const size = Math.abs(days);
  if (size < 7) return { value: days, unit: "day" };
  if (size < 30) return { value: Math.round(days / 7), unit: "week" };
  return { value: Math.round(days / 30), unit: "month" };
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function relativeFormat(locale: string | undefined, numeric: "auto" | "always"): Intl.RelativeTimeFormat {
  const key = `${locale ?? ""}|${numeric}`;
  let format = relativeFormats.get(key);
  if (!format) relativeFormats.set(key, (format = new Intl.RelativeTimeFormat(locale, { numeric })));
  return format;
}

/**
 * "today", "tomorrow", "in 3 days", "2 weeks ago", "in 1 month", in the reader's language.
 * Weeks and months are always numeric: 12 days ago is "2 weeks ago", never "last week".
 */
export function formatRelativeDay(date: Date, now: Date, locale?: string): string {
  const { value, unit } = relativeDay(calendarDaysBetween(now, date));
  return relativeFormat(locale, unit === "day" ? "auto" : "always").format(value, unit);
}
