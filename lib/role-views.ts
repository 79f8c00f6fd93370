import type { Role } from "./shared/tenant";

/** What the search page says and shows for each role. The data each role sees is set by its token. */
export interface RoleView {
  heading: string;
  intro: string;
  searchPlaceholder: string;
  /** A patient only ever sees themselves, so the name on every card would be noise. */
  showPatient: boolean;
  /** A doctor only ever sees their own appointments, so a doctor filter would have one value. */
  showDoctorFilter: boolean;
}

export const ROLE_VIEWS: Record<Role, RoleView> = {
  patient: {
    heading: "My appointments",
    intro: "Your past and upcoming appointments, and nobody else's.",
    searchPlaceholder: "Search your appointments (e.g. cold, fever)",
    showPatient: false,
    showDoctorFilter: true,
  },
  doctor: {
    heading: "My patients' appointments",
    intro: "Every appointment assigned to you, across all your patients.",
    searchPlaceholder: "Search by symptom or patient (e.g. fever, Zia)",
    showPatient: true,
    showDoctorFilter: false,
  },
  clinic: {
    heading: "Clinic appointments",
    intro: "Every appointment at your clinic, for all of its doctors and patients.",
    searchPlaceholder: "Search by symptom, patient or doctor (e.g. knee, Moreau)",
    showPatient: true,
    showDoctorFilter: true,
  },
};
