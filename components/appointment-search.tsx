"use client";

import { history } from "instantsearch.js/es/lib/routers";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Configure, InstantSearch, SearchBox } from "react-instantsearch";
import { createTenantSearchClient } from "@/lib/browser/search-client";
import { ROLE_VIEWS } from "@/lib/role-views";
import { createStateMapping, routeToSearch, searchToRoute, type AppointmentRoute } from "@/lib/routing";
import type { Role } from "@/lib/shared/tenant";
import { AppointmentHits } from "./appointment-hits";
import { AppointmentPagination } from "./appointment-pagination";
import { CurrentFilters } from "./current-filters";
import { FacetFilter } from "./facet-filter";
import { FiltersPanel } from "./filters-panel";
import { SearchStats } from "./search-stats";
import { SearchStatus } from "./search-status";
import { SortSelect } from "./sort-select";
import { TokenPanel } from "./token-panel";

export interface AppointmentSearchProps {
  host: string;
  indexUid: string;
  role: Role;
}

const RESULTS_TOP_ID = "results-top";

function createRouting(indexUid: string) {
  return {
    router: history<AppointmentRoute>({
      // Next's App Router owns navigation: leaving the page must not rewrite the URL behind it.
      cleanUrlOnDispose: false,
      createURL: ({ routeState, location }) => {
        const search = routeToSearch(routeState);
        return `${location.origin}${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
      },
      parseURL: ({ location }) => searchToRoute(location.search),
    }),
    stateMapping: createStateMapping(indexUid),
  };
}

/**
 * The browser talks to Meilisearch directly with a tenant token. One client per mount; building
 * it makes no request (the first token is fetched by the first search). On unmount (sign-out,
 * navigation) its token and result cache are dropped, so nothing carries over to another user.
 */
export function AppointmentSearch({ host, indexUid, role }: AppointmentSearchProps) {
  const router = useRouter();
  const [client] = useState(() =>
    createTenantSearchClient({
      host,
      onSessionEnded: () => router.replace(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`),
    }),
  );
  useEffect(() => () => client.reset(), [client]);
  // InstantSearch reads `routing` once; a stable object keeps it from being rebuilt on re-render.
  const [routing] = useState(() => createRouting(indexUid));
  const view = ROLE_VIEWS[role];

  return (
    <InstantSearch
      searchClient={client.searchClient}
      indexName={indexUid}
      routing={routing}
      future={{ preserveSharedStateOnUnmount: true }}
    >
      <Configure hitsPerPage={10} />
      <TokenPanel token={client.token} />
      <div className="search-layout">
        <FiltersPanel>
          <FacetFilter attribute="status" title="Status" />
          <FacetFilter attribute="department" title="Department" />
          {view.showDoctorFilter && <FacetFilter attribute="doctor" title="Doctor" />}
        </FiltersPanel>
        <section className="search-main" aria-label="Appointments">
          <SearchBox placeholder={view.searchPlaceholder} classNames={{ root: "search-box" }} autoFocus />
          <div className="results-toolbar" id={RESULTS_TOP_ID}>
            <SearchStats />
            <SortSelect indexUid={indexUid} />
          </div>
          <CurrentFilters />
          <SearchStatus availability={client.availability} />
          <AppointmentHits showPatient={view.showPatient} />
          <AppointmentPagination resultsTopId={RESULTS_TOP_ID} />
        </section>
      </div>
    </InstantSearch>
  );
}
