import "client-only";
/**
 * The detail page reads one appointment with a search filtered on its id, made with the tenant
 * token like every other search: Meilisearch ANDs the token's own filter in, so another tenant's id
 * finds nothing, exactly as a missing one does. No server route can leak what the token cannot see.
 */
import { routeToSearch, searchToRoute } from "./url-state";

/** The filter for one id. The id is a checked integer, so nothing else can reach the filter. */
export function appointmentIdFilter(id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new Error(`Not an appointment id: ${id}`);
  return `id = ${id}`;
}

/** The query parameter a card's link uses to tell the detail page which search it came from. */
const FROM_PARAM = "from";

/** A card's link: `/appointments/7`, or `/appointments/7?from=q%3Dcold` from a search. */
export function detailPath(id: number, search: string): string {
  const from = search.replace(/^\?/, "");
  return from ? `/appointments/${id}?${new URLSearchParams({ [FROM_PARAM]: from })}` : `/appointments/${id}`;
}

/**
 * Where the detail page's back link goes: the search it was opened from. The value is parsed and
 * rebuilt like any search URL, so a hand-made `from` can only ever lead to a search of this page.
 */
export function searchPath(from: string | null | undefined): string {
  const search = from ? routeToSearch(searchToRoute(from)) : "";
  return search ? `/appointments?${search}` : "/appointments";
}
