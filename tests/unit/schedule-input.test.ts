import { afterEach, describe, expect, it } from "vitest";
import { scheduleProblem } from "@/lib/common/write-contract";
import {
  bookableDates,
  checkSchedule,
  dateInputValue,
  localDateTime,
  slotTimes,
  timeInputValue,
} from "@/lib/browser/schedule-input";

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

// A Monday morning, local time, wherever the tests run.
const now = new Date(2027, 2, 8, 9, 10);

describe("date and time fields", () => {
  it("reads and writes local values", () => {
    const at = localDateTime("2027-03-09", "14:30");
    expect([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes()]).toEqual([
      2027, 2, 9, 14, 30,
    ]);
    expect(dateInputValue(at)).toBe("2027-03-09");
    expect(timeInputValue(at)).toBe("14:30");
  });

  it("turns malformed or impossible values into an Invalid Date", () => {
    for (const [date, time] of [
      ["", "10:00"],
      ["2027-02-30", "10:00"],
      ["2027-3-9", "10:00"],
      ["2027-03-09", ""],
      ["2027-03-09", "24:00"],
      ["2027-03-09", "9:30"],
    ])
      expect(Number.isNaN(localDateTime(date!, time!).getTime()), `${date} ${time}`).toBe(true);
  });
});

describe("slotTimes", () => {
  it("offers every half hour from 08:00 to 17:30 on a future day", () => {
    const times = slotTimes("2027-03-09", now);
    expect(times).toHaveLength(20);
    expect(times[0]).toBe("08:00");
    expect(times[1]).toBe("08:30");
    expect(times.at(-1)).toBe("17:30");
  });

  it("offers only what is still ahead today, and nothing for a past day or a bad date", () => {
    expect(slotTimes("2027-03-08", now)[0]).toBe("09:30");
    expect(slotTimes("2027-03-08", new Date(2027, 2, 8, 17, 30))).toEqual([]);
    expect(slotTimes("2027-03-07", now)).toEqual([]);
    expect(slotTimes("not a date", now)).toEqual([]);
  });

  it("every slot it offers is one the server accepts", () => {
    for (const time of slotTimes("2027-03-09", now))
      expect(scheduleProblem(localDateTime("2027-03-09", time), now)).toBeNull();
  });

  it("shifts to the UTC half hours where the offset is not a whole half hour (Nepal, +05:45)", () => {
    process.env.TZ = "Asia/Kathmandu";
    const kathmanduNow = new Date("2027-03-08T03:00:00Z");
    const times = slotTimes("2027-03-09", kathmanduNow);
    expect(times[0]).toBe("08:15");
    expect(times.at(-1)).toBe("17:15");
    for (const time of times) expect(scheduleProblem(localDateTime("2027-03-09", time), kathmanduNow)).toBeNull();
  });
});

describe("bookableDates", () => {
  it("starts today while a slot is left, else tomorrow, and ends within the limit", () => {
    expect(bookableDates(now).min).toBe("2027-03-08");
    expect(bookableDates(new Date(2027, 2, 8, 18, 0)).min).toBe("2027-03-09");
    const last = localDateTime(bookableDates(now).max, "17:30");
    expect(scheduleProblem(last, now)).toBeNull();
  });
});

describe("checkSchedule", () => {
  it("names the field to fix", () => {
    expect(checkSchedule("", "10:00", now)).toMatchObject({ ok: false, field: "date" });
    expect(checkSchedule("2027-03-07", "10:00", now)).toMatchObject({ ok: false, field: "date" });
    expect(checkSchedule("2029-03-07", "10:00", now)).toMatchObject({ ok: false, field: "date" });
    expect(checkSchedule("2027-03-09", "", now)).toMatchObject({ ok: false, field: "time" });
    expect(checkSchedule("2027-03-08", "09:00", now)).toMatchObject({
      ok: false,
      field: "time",
      message: "Choose a time in the future.",
    });
    expect(checkSchedule("2027-03-09", "10:15", now)).toMatchObject({ ok: false, field: "time" });
  });

  it("gives the instant to send when both fields are fine", () => {
    const check = checkSchedule("2027-03-09", "10:30", now);
    expect(check.ok && check.at.getTime()).toBe(new Date(2027, 2, 9, 10, 30).getTime());
  });
});
