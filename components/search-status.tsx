"use client";

import { useSyncExternalStore } from "react";
import { useInstantSearch } from "react-instantsearch";
import type { Availability } from "@/lib/browser/tenant-http-client";

/**
 * Loading, empty and error states. An outage is retried by the search client until Meilisearch
 * answers (see search-client.ts), so the page never crashes and recovers by itself; meanwhile
 * this shows an alert. Other errors are caught here (`catchError`) and explained.
 */
export function SearchStatus({ availability }: { availability: Availability }) {
  const { status, results, indexUiState, setIndexUiState } = useInstantSearch({ catchError: true });
  const available = useSyncExternalStore(availability.subscribe, availability.get, () => true);

  if (!available) {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Search is unavailable right now.</strong> Your appointments are safe; we keep retrying
        and will show your results as soon as search is back.
      </div>
    );
  }

  if (status === "error") {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Search could not be completed.</strong> Please reload the page; if it happens again, sign
        out and in.
      </div>
    );
  }

  if (status === "stalled") {
    return (
      <p className="search-loading" role="status">
        Searching…
      </p>
    );
  }

  // An old link or a back button can point past the last page of a search that has since shrunk.
  if (results && !results.__isArtificial && results.nbHits > 0 && results.hits.length === 0) {
    const firstPage = () =>
      setIndexUiState((previous) => {
        const next = { ...previous };
        delete next.page;
        return next;
      });
    return (
      <div className="empty-state" role="status">
        <p>
          There is no page {results.page + 1} for this search; it has {results.nbPages}{" "}
          {results.nbPages === 1 ? "page" : "pages"}.
        </p>
        <button type="button" className="button" onClick={firstPage}>
          Go to the first page
        </button>
      </div>
    );
  }

  if (results && !results.__isArtificial && results.nbHits === 0) {
    const query = indexUiState.query;
    return (
      <div className="empty-state" role="status">
        <p>{query ? <>No appointments match “{query}”.</> : <>No appointments found.</>}</p>
        <p className="hint">Try another word, check the spelling, or clear the filters.</p>
      </div>
    );
  }

  return null;
}
