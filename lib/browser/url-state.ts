import "client-only";
/**
 * The search page's URL: `?q=cold&status=pending&department=ENT&sort=newest&page=2`.
 *
 * Only what the user chose lives in the URL, so a shared link or a reload shows the same search.
 * The tenant token never does: it stays in memory, and Meilisearch pins the tenant from it
 * whatever the URL says.
 */
import type { IndexUiState, StateMapping, UiState } from "instantsearch.js";
import {
  APPOINTMENT_STATUSES,
  DATE_ATTRIBUTE,
  FACET_ATTRIBUTES,
  HITS_PER_PAGE,
  MAX_TOTAL_HITS,
  SORT_KEYS,
  SORTS,
  type FacetAttribute,
  type SortKey,
} from "../common/appointments";

export interface AppointmentRoute {
  q?: string;
  status?: string[];
  department?: string[];
  doctor?: string[];
  /** Absent means relevance. */
  sort?: Exclude<SortKey, "relevance">;
  /** 1-based; absent means the first page. */
  page?: number;
}

const MAX_QUERY_LENGTH = 200;
const MAX_VALUES_PER_FACET = 20;
const MAX_VALUE_LENGTH = 100;
/** The last page Meilisearch can serve: pages stop where hit counting does. */
const MAX_PAGE = MAX_TOTAL_HITS / HITS_PER_PAGE;

/** The index name that gives InstantSearch this order (see SORTS). */
export function sortIndexName(indexUid: string, sort: SortKey): string {
  const { direction } = SORTS[sort];
  return direction ? `${indexUid}:${DATE_ATTRIBUTE}:${direction}` : indexUid;
}

/** "Upcoming" is the ascending order plus a visible `scheduled_at >= now` refinement. */
export function upcomingRange(nowSeconds: number): string {
  return `${nowSeconds}:`;
}

/** The lower date bound of a range refinement (`"1700000000:"`), if there is one. */
function rangeLowerBound(range: string | undefined): number | undefined {
  const lower = range?.split(":")[0];
  if (!lower) return undefined;
  const value = Number(lower);
  return Number.isFinite(value) ? value : undefined;
}

/** Which of the four orders an index UI state amounts to. */
export function sortKeyOf(state: IndexUiState, indexUid: string): SortKey {
  if (state.sortBy === sortIndexName(indexUid, "newest")) return "newest";
  if (state.sortBy === sortIndexName(indexUid, "oldest")) {
    return rangeLowerBound(state.range?.[DATE_ATTRIBUTE]) === undefined ? "oldest" : "upcoming";
  }
  return "relevance";
}

export function stateToRoute(uiState: UiState, indexUid: string): AppointmentRoute {
  const state = uiState[indexUid] ?? {};
  const route: AppointmentRoute = {};
  if (state.query) route.q = state.query;
  for (const attribute of FACET_ATTRIBUTES) {
    const values = state.refinementList?.[attribute];
    if (values?.length) route[attribute] = values;
  }
  const sort = sortKeyOf(state, indexUid);
  if (sort !== "relevance") route.sort = sort;
  if (state.page && state.page > 1) route.page = state.page;
  return route;
}

/** `nowSeconds` is read when the route is applied, so a shared "upcoming" link means "from now". */
export function routeToState(route: AppointmentRoute, indexUid: string, nowSeconds: number): UiState {
  const state: IndexUiState = {};
  if (route.q) state.query = route.q;
  const refinementList: Record<string, string[]> = {};
  for (const attribute of FACET_ATTRIBUTES) {
    const values = route[attribute];
    if (values?.length) refinementList[attribute] = values;
  }
  if (Object.keys(refinementList).length > 0) state.refinementList = refinementList;
  if (route.sort) state.sortBy = sortIndexName(indexUid, route.sort);
  if (route.sort === "upcoming") state.range = { [DATE_ATTRIBUTE]: upcomingRange(nowSeconds) };
  if (route.page && route.page > 1) state.page = route.page;
  return { [indexUid]: state };
}

/** Serializes a route as a query string without the leading `?`; repeated keys for lists. */
export function routeToSearch(route: AppointmentRoute): string {
  const params = new URLSearchParams();
  if (route.q) params.set("q", route.q);
  for (const attribute of FACET_ATTRIBUTES) {
    for (const value of route[attribute] ?? []) params.append(attribute, value);
  }
  if (route.sort) params.set("sort", route.sort);
  if (route.page && route.page > 1) params.set("page", String(route.page));
  return params.toString();
}

function isSortKey(value: string | null): value is Exclude<SortKey, "relevance"> {
  return value !== null && value !== "relevance" && (SORT_KEYS as readonly string[]).includes(value);
}

function facetValues(params: URLSearchParams, attribute: FacetAttribute): string[] {
  const allowed = attribute === "status" ? (APPOINTMENT_STATUSES as readonly string[]) : undefined;
  const values = params
    .getAll(attribute)
    .filter((value) => value.length > 0 && value.length <= MAX_VALUE_LENGTH)
    .filter((value) => !allowed || allowed.includes(value));
  return [...new Set(values)].slice(0, MAX_VALUES_PER_FACET);
}

/**
 * Parses `location.search`. Anything unknown or malformed is dropped rather than rejected: a
 * hand-edited link still opens the search, just without the part that made no sense.
 */
export function searchToRoute(search: string): AppointmentRoute {
  const params = new URLSearchParams(search);
  const route: AppointmentRoute = {};
  const query = params.get("q");
  if (query) route.q = query.slice(0, MAX_QUERY_LENGTH);
  for (const attribute of FACET_ATTRIBUTES) {
    const values = facetValues(params, attribute);
    if (values.length > 0) route[attribute] = values;
  }
  const sort = params.get("sort");
  if (isSortKey(sort)) route.sort = sort;
  const page = Number(params.get("page"));
  if (Number.isInteger(page) && page > 1 && page <= MAX_PAGE) route.page = page;
  return route;
}

export const nowInSeconds = () => Math.floor(Date.now() / 1000);

export function createStateMapping(
  indexUid: string,
  now: () => number = nowInSeconds,
): StateMapping<UiState, AppointmentRoute> {
  return {
    $$type: "appointments.stateMapping",
    stateToRoute: (uiState) => stateToRoute(uiState, indexUid),
    routeToState: (route) => routeToState(route, indexUid, now()),
  };
}
