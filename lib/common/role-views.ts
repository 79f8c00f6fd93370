import type { FacetAttribute } from "./appointments";
import type { Role } from "./tenant";

/** What the search page says and shows for each role. The data each role sees is set by its token. */
export interface RoleView {
  /** The role's name, as the header chip and the login page's account table show it. */
  label: string;
  heading: string;
  intro: string;
  /** What the search box searches, for its placeholder: short enough for a 375 px phone. */
  searchFields: string;
  /**
   * Words offered as examples in the placeholder and the empty state. Each must find something
   * for every demo account of the role (tests/unit/role-views.test.ts and the e2e tests check it).
   */
  examples: string[];
  /** The token panel's question, in the role's own words. */
  tokenQuestion: string;
  /** The filters that can narrow this role's slice; one that could only ever list one value is left out. */
  facets: FacetAttribute[];
  /** Card fields. A value that is the same on every card of the role (a doctor's own name) is noise. */
  card: { patient: boolean; doctor: boolean; department: boolean; clinic: boolean };
}

export const ROLE_VIEWS: Record<Role, RoleView> = {
  patient: {
    label: "Patient",
    heading: "My appointments",
    intro: "Your past and upcoming appointments, and nobody else's.",
    searchFields: "Symptom, doctor or clinic",
    // John, Zia and Kevin share no symptom, doctor or clinic, so there is no honest example.
    examples: [],
    tokenQuestion: "Why do I only see my appointments?",
    facets: ["status", "department", "doctor"],
    card: { patient: false, doctor: true, department: true, clinic: true },
  },
  doctor: {
    label: "Doctor",
    heading: "My patients' appointments",
    intro: "Every appointment assigned to you, across all your patients.",
    searchFields: "Symptom or patient",
    examples: ["fever", "Zia"],
    tokenQuestion: "Why do I only see my patients' appointments?",
    // A doctor has one department and is the only doctor in their slice.
    facets: ["status"],
    card: { patient: true, doctor: false, department: false, clinic: false },
  },
  clinic: {
    label: "Clinic front desk",
    heading: "Clinic appointments",
    intro: "Every appointment at your clinic, for all of its doctors and patients.",
    searchFields: "Patient or symptom",
    examples: ["Zia", "rash"],
    tokenQuestion: "Why do I only see this clinic's appointments?",
    facets: ["status", "department", "doctor"],
    card: { patient: true, doctor: true, department: true, clinic: false },
  },
};

/** "Symptom or patient, e.g. fever, Zia" */
export function searchPlaceholder(view: RoleView): string {
  return view.examples.length > 0 ? `${view.searchFields}, e.g. ${view.examples.join(", ")}` : view.searchFields;
}

export const FACET_TITLES: Record<FacetAttribute, string> = {
  status: "Status",
  department: "Department",
  doctor: "Doctor",
};

/** Targets of the search page's skip links (shared by the server page and the client search). */
export const SEARCH_INPUT_ID = "search";
export const RESULTS_ID = "results";
