import type { Settings } from "meilisearch";

/** One document of the `appointments` index. Safe to import from client code: no secrets here. */
export interface Appointment {
  id: number;
  patient_id: string;
  patient: string;
  details: string;
  status: AppointmentStatus;
  /** Unix seconds; sortable and filterable. */
  scheduled_at: number;
  doctor_id: string;
  doctor: string;
  department: string;
  clinic_id: string;
  clinic: string;
  location: string;
}

export const APPOINTMENT_STATUSES = ["pending", "confirmed", "cancelled", "completed"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_SETTINGS = {
  searchableAttributes: ["details", "patient", "doctor", "department", "clinic", "location"],
  filterableAttributes: ["patient_id", "doctor_id", "clinic_id", "status", "department", "doctor", "scheduled_at"],
  sortableAttributes: ["scheduled_at"],
  displayedAttributes: ["*"],
} satisfies Settings;
