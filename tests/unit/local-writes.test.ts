import { describe, expect, it } from "vitest";
import type { Appointment } from "@/lib/common/appointments";
import { latestAppointment } from "@/lib/browser/local-writes";

const hit: Appointment = {
  id: 1,
  patient_id: "p-john",
  patient: "John",
  details: "Cold",
  status: "pending",
  scheduled_at: 1_900_000_000,
  doctor_id: "d-patel",
  doctor: "Dr. Anika Patel",
  department: "General medicine",
  clinic_id: "c-north",
  clinic: "North Clinic",
  location: "Room 101",
};
const local = {
  replaced: { status: "pending" as const, scheduled_at: hit.scheduled_at },
  written: { ...hit, status: "confirmed" as const },
};

describe("latestAppointment", () => {
  it("shows the hit when this page wrote nothing", () => {
    expect(latestAppointment(hit, null)).toBe(hit);
  });

  it("shows the written status while the index still has the replaced version (a 202)", () => {
    expect(latestAppointment(hit, local).status).toBe("confirmed");
  });

  it("lets the index win once it has anything newer: the change itself, or someone else's", () => {
    const arrived = { ...hit, status: "confirmed" as const };
    expect(latestAppointment(arrived, local)).toBe(arrived);
    const cancelledByClinic = { ...hit, status: "cancelled" as const };
    expect(latestAppointment(cancelledByClinic, local).status).toBe("cancelled");
    const moved = { ...hit, scheduled_at: hit.scheduled_at + 1800 };
    expect(latestAppointment(moved, local)).toBe(moved);
  });

  it("keeps the hit's own text and highlights", () => {
    const highlighted = { ...hit, _highlightResult: { details: { value: "<mark>Cold</mark>" } } };
    expect(latestAppointment(highlighted, local)._highlightResult).toBe(highlighted._highlightResult);
  });
});
