import { describe, expect, it } from "vitest";
import { APPOINTMENT_STATUSES } from "@/lib/common/appointments";
import { isTenantId } from "@/lib/common/tenant";
import { generateAppointments, referenceDayOf, todayUtc } from "../../devtools/appointments-data";

const reference = Date.UTC(2026, 0, 15) / 1000;
const take = (count: number, seed?: number) => [...generateAppointments({ count, seed, referenceTime: reference })];

describe("generateAppointments", () => {
  it("starts with the three guide appointments, verbatim", () => {
    expect(take(3).map(({ id, patient, details, status }) => ({ id, patient, details, status }))).toEqual([
      { id: 1, patient: "John", details: "I think I caught a cold. Can you help me?", status: "pending" },
      { id: 2, patient: "Zia", details: "I'm suffering from fever. I need an appointment ASAP.", status: "pending" },
      { id: 3, patient: "Kevin", details: "Some confidential information Kevin has shared.", status: "confirmed" },
    ]);
  });

  it("is deterministic: the same seed gives the same data, another seed other data", () => {
    expect(take(500, 7)).toEqual(take(500, 7));
    expect(take(500, 8).slice(12)).not.toEqual(take(500, 7).slice(12));
  });

  it("makes exactly `count` well-formed documents with unique ids", () => {
    const docs = take(2_000);
    expect(docs).toHaveLength(2_000);
    expect(new Set(docs.map((doc) => doc.id)).size).toBe(2_000);
    for (const doc of docs) {
      expect(APPOINTMENT_STATUSES).toContain(doc.status);
      for (const id of [doc.patient_id, doc.doctor_id, doc.clinic_id]) expect(isTenantId(id)).toBe(true);
      expect(doc.details.length).toBeGreaterThan(10);
    }
  });

  it("spreads dates over the past and coming months", () => {
    const days = take(2_000).map((doc) => (doc.scheduled_at - reference) / 86_400);
    expect(Math.min(...days)).toBeLessThan(-90);
    expect(Math.max(...days)).toBeGreaterThan(60);
  });

  it("keeps the demo patients' appointments fixed whatever the size", () => {
    const mine = (count: number) => take(count).filter((doc) => doc.patient_id === "p-john");
    expect(mine(12)).toEqual(mine(5_000));
  });

  it("is lazy: a huge count costs nothing until iterated", () => {
    const iterator = generateAppointments({ count: 1_000_000_000, referenceTime: reference });
    expect(iterator.next().value?.id).toBe(1);
  });

  it("anchors dates to midnight UTC", () => {
    expect(todayUtc(Date.UTC(2026, 10, 23, 15, 30)) * 1000).toBe(Date.UTC(2026, 10, 23));
  });
});

describe("referenceDayOf", () => {
  it("reads the seed day back off appointment 1", () => {
    const day = todayUtc(Date.UTC(2026, 10, 20, 15));
    const [first] = generateAppointments({ count: 1, referenceTime: day });
    expect(referenceDayOf(first!)).toBe(day);
    expect(referenceDayOf({ id: 2, scheduled_at: first!.scheduled_at })).toBeUndefined();
    expect(referenceDayOf({ id: 1, scheduled_at: first!.scheduled_at + 60 })).toBeUndefined();
  });
});
