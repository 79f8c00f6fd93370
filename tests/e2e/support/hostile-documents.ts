import type { Appointment } from "../../../lib/common/appointments";

/** Added to Kevin's appointments by the e2e stack, to prove results render as inert text. */
export const HOSTILE_DETAILS = [
  '<script>window.__xss = "script"; alert("script")</script> Kevin follow-up',
  "<img src=x onerror=\"window.__xss='img'; alert('img')\"> Kevin scan results",
  "<a href=\"javascript:alert('link')\">javascript: link</a> Kevin referral",
];

export const HOSTILE_APPOINTMENTS: Appointment[] = HOSTILE_DETAILS.map((details, i) => ({
  id: 900_001 + i,
  patient_id: "p-kevin",
  patient: "Kevin",
  details,
  status: "pending",
  scheduled_at: Math.floor(Date.now() / 1000) + 86_400 * (i + 1),
  doctor_id: "d-okafor",
  doctor: "Dr. Chidi Okafor",
  department: "Cardiology",
  clinic_id: "c-south",
  clinic: "South Clinic",
  location: "Room 12",
}));
