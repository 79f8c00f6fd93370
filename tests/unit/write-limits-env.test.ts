import { describe, expect, it } from "vitest";
import { getWriteLimits } from "@/lib/env";

describe("getWriteLimits", () => {
  it("defaults: 30 writes a minute, 3 upcoming with one doctor, 10 in all", () => {
    expect(getWriteLimits({})).toEqual({ writesPerUser: 30, upcomingPerDoctor: 3, upcomingInAll: 10 });
  });

  it("validates overrides, naming the variable and how to set it", () => {
    expect(
      getWriteLimits({
        RATE_LIMIT_WRITES_PER_MINUTE: "5",
        BOOKING_MAX_UPCOMING_PER_DOCTOR: "1",
        BOOKING_MAX_UPCOMING: "2",
      }),
    ).toEqual({ writesPerUser: 5, upcomingPerDoctor: 1, upcomingInAll: 2 });
    for (const bad of ["0", "-1", "1.5", "ten", "1001"]) {
      expect(() => getWriteLimits({ BOOKING_MAX_UPCOMING: bad }), bad).toThrow(
        "BOOKING_MAX_UPCOMING is invalid: a whole number from 1 to 1000. Default: 10.",
      );
      expect(() => getWriteLimits({ BOOKING_MAX_UPCOMING_PER_DOCTOR: bad }), bad).toThrow(
        "BOOKING_MAX_UPCOMING_PER_DOCTOR is invalid: a whole number from 1 to 1000. Default: 3.",
      );
    }
    for (const bad of ["0", "1.5", "lots"]) {
      expect(() => getWriteLimits({ RATE_LIMIT_WRITES_PER_MINUTE: bad }), bad).toThrow(
        "RATE_LIMIT_WRITES_PER_MINUTE is invalid: a positive whole number. Default: 30.",
      );
    }
  });
});
