import { describe, expect, it } from "vitest";
import { appointmentIdFilter, detailPath, searchPath } from "@/lib/browser/appointment-lookup";
import { parseAppointmentId } from "@/lib/common/appointments";

describe("parseAppointmentId", () => {
  it("accepts positive integers only", () => {
    expect(parseAppointmentId("1")).toBe(1);
    expect(parseAppointmentId("3012")).toBe(3012);
    // The largest id the app can represent (the bigint column is read as a JavaScript number).
    expect(parseAppointmentId("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    for (const raw of [
      undefined,
      "",
      "0",
      "-1",
      "01",
      "1.5",
      "1e3",
      " 7",
      "7 ",
      "abc",
      "7 OR id > 0",
      "9007199254740992",
      "99999999999999999",
    ])
      expect(parseAppointmentId(raw), String(raw)).toBeNull();
  });
});

describe("appointmentIdFilter", () => {
  it("filters on the id, and refuses anything that is not one", () => {
    expect(appointmentIdFilter(42)).toBe("id = 42");
    expect(() => appointmentIdFilter(0)).toThrow();
    expect(() => appointmentIdFilter(1.5)).toThrow();
    expect(() => appointmentIdFilter(Number.NaN)).toThrow();
  });
});

describe("detailPath and searchPath", () => {
  it("carry the search to the detail page and back", () => {
    expect(detailPath(7, "")).toBe("/appointments/7");
    const path = detailPath(7, "?q=sore+throat&status=pending&page=2");
    expect(path).toBe("/appointments/7?from=q%3Dsore%2Bthroat%26status%3Dpending%26page%3D2");
    const from = new URL(path, "http://app").searchParams.get("from");
    expect(searchPath(from)).toBe("/appointments?q=sore+throat&status=pending&page=2");
  });

  it("lead back to the search page only, dropping what a search cannot hold", () => {
    expect(searchPath(undefined)).toBe("/appointments");
    expect(searchPath("")).toBe("/appointments");
    expect(searchPath("//evil.example")).toBe("/appointments");
    expect(searchPath("status=lost&next=https://evil.example")).toBe("/appointments");
  });
});
