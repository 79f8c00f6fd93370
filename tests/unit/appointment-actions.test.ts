import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AppointmentActions } from "@/components/appointment-actions";
import type { Appointment, AppointmentStatus } from "@/lib/common/appointments";
import type { Role } from "@/lib/common/tenant";

/**
 * The card's buttons, rendered by React itself (no DOM needed: the server renderer gives the
 * markup the first paint shows). They come from the same table the server checks.
 */
const now = new Date(Date.UTC(2026, 11, 3, 12, 10));
const inFiveDays = now.getTime() / 1000 + 5 * 86_400;
const yesterday = now.getTime() / 1000 - 86_400;

function appointment(status: AppointmentStatus, scheduled_at: number): Appointment {
  return {
    id: 42,
    patient_id: "p-john",
    patient: "John",
    details: "Check-up",
    status,
    scheduled_at,
    doctor_id: "d-patel",
    doctor: "Dr. Patel",
    department: "Cardiology",
    clinic_id: "c-north",
    clinic: "North Clinic",
    location: "Floor 2",
  };
}

/** The labels of the buttons a card shows. */
function buttons(role: Role, status: AppointmentStatus, scheduledAt: number): string[] {
  const html = renderToStaticMarkup(
    createElement(AppointmentActions, {
      role,
      appointment: appointment(status, scheduledAt),
      now,
      describedBy: "when-42",
      onWritten: () => {},
      onStale: () => {},
    }),
  );
  return [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((match) => match[1]!);
}

describe("AppointmentActions", () => {
  it("shows a doctor no Mark completed for a confirmed appointment five days ahead, only Cancel", () => {
    expect(buttons("doctor", "confirmed", inFiveDays)).toEqual(["Cancel"]);
  });

  it("shows Mark completed once the appointment has started, and nothing else", () => {
    expect(buttons("doctor", "confirmed", yesterday)).toEqual(["Mark completed"]);
    expect(buttons("clinic", "confirmed", yesterday)).toEqual(["Mark completed"]);
  });

  it("shows a front desk Confirm, Reschedule and Cancel for an upcoming pending one", () => {
    expect(buttons("clinic", "pending", inFiveDays)).toEqual(["Confirm", "Reschedule", "Cancel"]);
  });

  it("shows a patient nothing for a past appointment", () => {
    expect(buttons("patient", "confirmed", yesterday)).toEqual([]);
  });
});
