"use client";

import { useEffect, useState } from "react";
import { Configure, InstantSearch, Pagination, RefinementList, SearchBox, Stats } from "react-instantsearch";
import { createTenantSearchClient, type TenantSearchClient } from "@/lib/meilisearch/search-client";
import { AppointmentHits } from "./appointment-hits";
import { SearchStatus } from "./search-status";

export interface AppointmentSearchProps {
  host: string;
  indexUid: string;
}

function redirectToLogin() {
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
}

/**
 * The browser talks to Meilisearch directly with a tenant token. One client per mount: when the
 * component unmounts (sign-out, navigation) its token and result cache are dropped.
 */
export function AppointmentSearch({ host, indexUid }: AppointmentSearchProps) {
  const [client, setClient] = useState<TenantSearchClient | null>(null);

  useEffect(() => {
    const created = createTenantSearchClient({ host, onSessionEnded: redirectToLogin });
    setClient(created);
    return () => created.dispose();
  }, [host]);

  if (!client) {
    return (
      <p className="search-loading" role="status">
        Preparing secure search…
      </p>
    );
  }

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
          <SearchStatus />
          <Stats />
          <AppointmentHits />
          <Pagination />
        </section>
      </div>
    </InstantSearch>
  );
}
