import type { Settings } from "meilisearch";
import { TENANT_ATTRIBUTES } from "./tenant";

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

/**
 * An appointment id as a path or a link carries it, or null when it cannot name one (`abc`, `0`,
 * `1e3`, `-1`, ` 7`, `007`): the route answers "not found" and so does the page. The column is a
 * Postgres bigint that the app reads as a JavaScript number (lib/db/schema.ts, `mode: "number"`),
 * so an id is a positive safe integer: up to 2^53 - 1, 16 digits.
 */
export function parseAppointmentId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9][0-9]{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

export const APPOINTMENT_STATUSES = ["pending", "confirmed", "cancelled", "completed"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Upcoming appointments can be these, besides cancelled; completed and cancelled ones are final. */
export const OPEN_STATUSES: readonly AppointmentStatus[] = ["pending", "confirmed"];

/** How a status reads wherever it is shown: facet, chip and badge say the same word. */
export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  pending: "Pending",
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  completed: "Completed",
};

export const statusLabel = (value: string): string => STATUS_LABELS[value as AppointmentStatus] ?? value;

/**
 * Meilisearch counts hits (and so pages) only up to `pagination.maxTotalHits`, 1,000 by default:
 * a front desk with 3,678 appointments would read "1,000" and could not page past the 100th
 * page. Counting further costs nothing measurable (`npm run bench -- --only counts`: a
 * clinic-wide placeholder search with facets over 1,000,000 appointments takes the same 0–1 ms
 * of processing either way), so counts are exact for any tenant of up to a million appointments.
 */
export const MAX_TOTAL_HITS = 1_000_000;

export const HITS_PER_PAGE = 10;

/** The facets the page offers; each is also filterable. */
export const FACET_ATTRIBUTES = ["status", "department", "doctor"] as const;
export type FacetAttribute = (typeof FACET_ATTRIBUTES)[number];

/** The one date: filterable (for "upcoming") and sortable. */
export const DATE_ATTRIBUTE = "scheduled_at";

/**
 * Every order the page offers. instant-meilisearch reads the sort from the index name
 * (`index:attribute:direction`), so each is a "virtual replica" of the one index. "Upcoming" is the
 * ascending order plus a visible `scheduled_at >= now` refinement.
 */
export const SORTS = {
  relevance: { label: "Best match", direction: undefined },
  newest: { label: "Newest first", direction: "desc" },
  oldest: { label: "Oldest first", direction: "asc" },
  upcoming: { label: "Upcoming, soonest first", direction: "asc" },
} as const;
export type SortKey = keyof typeof SORTS;
export const SORT_KEYS = Object.keys(SORTS) as SortKey[];

export const APPOINTMENT_SETTINGS = {
  searchableAttributes: ["details", "patient", "doctor", "department", "clinic", "location"],
  // The tenant attributes are what tokens filter on; without them every token would be refused.
  // `id` lets the detail page ask for one appointment by its id (a filter the token ANDs with its own).
  filterableAttributes: ["id", ...TENANT_ATTRIBUTES, ...FACET_ATTRIBUTES, DATE_ATTRIBUTE],
  sortableAttributes: [DATE_ATTRIBUTE],
  // Meilisearch's defaults, then the date: with no query every other rule ties, so an empty
  // search lists appointments newest first instead of in the order they were indexed.
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "scheduled_at:desc"],
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
  displayedAttributes: ["*"],
} satisfies Settings;
