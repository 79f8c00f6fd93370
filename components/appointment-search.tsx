"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Configure, InstantSearch, Pagination, RefinementList, SearchBox, Stats } from "react-instantsearch";
import { createTenantSearchClient } from "@/lib/meilisearch/search-client";
import { AppointmentHits } from "./appointment-hits";
import { SearchStatus } from "./search-status";

export interface AppointmentSearchProps {
  host: string;
  indexUid: string;
}

/**
 * The browser talks to Meilisearch directly with a tenant token. One client per mount; building
 * it makes no request (the first token is fetched by the first search). On unmount (sign-out,
 * navigation) its token and result cache are dropped, so nothing carries over to another user.
 */
export function AppointmentSearch({ host, indexUid }: AppointmentSearchProps) {
  const router = useRouter();
  const [client] = useState(() =>
    createTenantSearchClient({
      host,
      onSessionEnded: () => router.replace(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`),
    }),
  );
  useEffect(() => () => client.reset(), [client]);

  return (
    <InstantSearch searchClient={client.searchClient} indexName={indexUid} future={{ preserveSharedStateOnUnmount: true }}>
      <Configure hitsPerPage={10} />
      <div className="search-layout">
        <aside className="search-filters" aria-label="Filters">
          <h2 className="filter-title" id="status-filter">
            Status
          </h2>
          <RefinementList attribute="status" sortBy={["name:asc"]} aria-labelledby="status-filter" />
        </aside>
        <section className="search-main" aria-label="Appointments">
          <SearchBox
            placeholder="Search your appointments (e.g. cold, fever)"
            classNames={{ root: "search-box" }}
            autoFocus
          />
          <SearchStatus availability={client.availability} />
          <Stats />
          <AppointmentHits />
          <Pagination />
        </section>
      </div>
    </InstantSearch>
  );
}
