"use client";

import { history } from "instantsearch.js/es/lib/routers";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useState } from "react";
import { Configure, InstantSearch } from "react-instantsearch";
import { createTenantSearchClient } from "@/lib/browser/search-client";
import type { DoctorOption } from "@/lib/common/write-contract";
import { loginPath } from "@/lib/common/callback-url";
import { HITS_PER_PAGE } from "@/lib/common/appointments";
import { FACET_TITLES, RESULTS_ID, ROLE_VIEWS, SEARCH_INPUT_ID, searchPlaceholder } from "@/lib/common/role-views";
import { createStateMapping, routeToSearch, searchToRoute, type AppointmentRoute } from "@/lib/browser/url-state";
import type { Role } from "@/lib/common/tenant";
import { AppointmentHits } from "./appointment-hits";
import { BookingForm } from "./booking-form";
import { AppointmentPagination } from "./appointment-pagination";
import { CurrentFilters } from "./current-filters";
import { FacetFilter } from "./facet-filter";
import { FiltersPanel, FiltersToggle } from "./filters-panel";
import { LiveRefresh } from "./live-refresh";
import { PageHeading } from "./page-heading";
import { SearchBox } from "./search-box";
import { SearchStats } from "./search-stats";
import { SearchStatus } from "./search-status";
import { SortSelect } from "./sort-select";
import { TokenPanel } from "./token-panel";

export interface AppointmentSearchProps {
  host: string;
  indexUid: string;
  role: Role;
  /** For a patient's booking form; null when the directory could not be read. */
  doctors: DoctorOption[] | null;
}

function createRouting(indexUid: string) {
  // instantsearch.js bundles this router (and its `qs`) whatever we pass, so a custom one saves nothing.
  const router = history<AppointmentRoute>({
    // Next's App Router owns navigation: leaving the page must not rewrite the URL behind it.
    cleanUrlOnDispose: false,
    createURL: ({ routeState, location }) => {
      const search = routeToSearch(routeState);
      return `${location.origin}${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
    },
    parseURL: ({ location }) => searchToRoute(location.search),
  });
  // The router writes the URL 400 ms after the last change (one history entry per pause, not per
  // keystroke). A link followed within those 400 ms would carry the previous search, and the late
  // pushState would cancel Next's navigation under way. `flushUrl` writes it now instead; the
  // router then finds the URL already current and leaves it alone.
  let latest: string | undefined;
  const write = router.write.bind(router);
  router.write = (routeState) => {
    latest = router.createURL(routeState);
    write(routeState);
  };
  const flushUrl = () => {
    // The router's own pending write must not fire later: it would find the detail page's URL
    // "out of date" and push the search URL back over it.
    const pending = router as unknown as { writeTimer?: ReturnType<typeof setTimeout> };
    clearTimeout(pending.writeTimer);
    pending.writeTimer = undefined;
    // As the router itself pushes: a state of its own, which Next's patched pushState syncs.
    if (latest && latest !== window.location.href) window.history.pushState(null, "", latest);
  };
  return { routing: { router, stateMapping: createStateMapping(indexUid) }, flushUrl };
}

/**
 * The browser talks to Meilisearch directly with a tenant token. One client per mount; building
 * it makes no request (the first token is fetched by the first search). On unmount (sign-out,
 * navigation) its token and result cache are dropped, so nothing carries over to another user.
 *
 * A patient's "Book an appointment" sits beside the heading; below it the search box comes first,
 * then the filters, then the results. The list searches again by itself now and then
 * (<LiveRefresh>), so changes made by others appear without a reload.
 */
export function AppointmentSearch({ host, indexUid, role, doctors }: AppointmentSearchProps) {
  const router = useRouter();
  const [client] = useState(() =>
    createTenantSearchClient({
      host,
      onSessionEnded: () => router.replace(loginPath(window.location.pathname + window.location.search)),
    }),
  );
  useEffect(() => () => client.reset(), [client]);
  // InstantSearch reads `routing` once; a stable object keeps it from being rebuilt on re-render.
  const [{ routing, flushUrl }] = useState(() => createRouting(indexUid));
  const view = ROLE_VIEWS[role];
  const filtersId = useId();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const closeFilters = useCallback(() => {
    setFiltersOpen(false);
    document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(filtersId)}"]`)?.focus();
  }, [filtersId]);

  return (
    <InstantSearch
      searchClient={client.searchClient}
      indexName={indexUid}
      routing={routing}
      future={{ preserveSharedStateOnUnmount: true }}
    >
      <Configure hitsPerPage={HITS_PER_PAGE} />
      <LiveRefresh availability={client.availability} />
      <PageHeading title={view.heading} intro={view.intro}>
        {role === "patient" && <BookingForm doctors={doctors} />}
      </PageHeading>
      <TokenPanel token={client.token} question={view.tokenQuestion} />
      <SearchBox placeholder={searchPlaceholder(view)} inputId={SEARCH_INPUT_ID} />
      <div className="search-layout">
        <FiltersPanel id={filtersId} open={filtersOpen} onClose={closeFilters}>
          {view.facets.map((attribute) => (
            <FacetFilter key={attribute} attribute={attribute} title={FACET_TITLES[attribute]} />
          ))}
        </FiltersPanel>
        <section className="search-main" aria-label="Appointments" id={RESULTS_ID} tabIndex={-1}>
          <div className="results-toolbar">
            <FiltersToggle open={filtersOpen} onOpen={() => setFiltersOpen(true)} controls={filtersId} />
            <SearchStats />
            <SortSelect indexUid={indexUid} />
          </div>
          <CurrentFilters searchInputId={SEARCH_INPUT_ID} />
          <SearchStatus availability={client.availability} examples={view.examples} />
          <AppointmentHits fields={view.card} role={role} beforeLeaving={flushUrl} />
          <AppointmentPagination resultsTopId={RESULTS_ID} />
        </section>
      </div>
    </InstantSearch>
  );
}
