import { describe, expect, it } from "vitest";
import { calendarDaysBetween, formatRelativeDay, relativeDay } from "../../lib/browser/format-date";

const at = (iso: string) => new Date(iso);

describe("relative days", () => {
  it("counts calendar days, not 24-hour spans", () => {
    expect(calendarDaysBetween(at("2026-11-20T23:30:00"), at("2026-11-21T00:10:00"))).toBe(1);
    expect(calendarDaysBetween(at("2026-11-20T00:10:00"), at("2026-11-20T23:50:00"))).toBe(0);
    expect(calendarDaysBetween(at("2026-11-20T08:00:00"), at("2026-11-08T20:00:00"))).toBe(-12);
  });

  it("uses days within a week, then weeks, then months, rounded", () => {
    expect(relativeDay(0)).toEqual({ value: 0, unit: "day" });
    expect(relativeDay(6)).toEqual({ value: 6, unit: "day" });
    expect(relativeDay(-12)).toEqual({ value: -2, unit: "week" });
    expect(relativeDay(14)).toEqual({ value: 2, unit: "week" });
    expect(relativeDay(-40)).toEqual({ value: -1, unit: "month" });
    expect(relativeDay(89)).toEqual({ value: 3, unit: "month" });
  });

  it("reads the way people say it", () => {
    const now = at("2026-11-20T10:00:00");
    const cases: [string, string][] = [
      ["2026-11-20T17:00:00", "today"],
      ["2026-11-21T09:00:00", "tomorrow"],
      ["2026-11-19T09:00:00", "yesterday"],
      ["2026-11-23T09:00:00", "in 3 days"],
      ["2026-12-04T09:00:00", "in 2 weeks"],
      ["2026-11-08T09:00:00", "2 weeks ago"],
      ["2026-10-11T09:00:00", "1 month ago"],
    ];
    for (const [date, text] of cases) expect(formatRelativeDay(at(date), now, "en")).toBe(text);
  });
});
