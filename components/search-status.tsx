"use client";

import { useSyncExternalStore } from "react";
import { useClearRefinements, useInstantSearch } from "react-instantsearch";
import type { Availability } from "@/lib/browser/tenant-http-client";
import { SearchOutageAlert } from "./search-outage-alert";

function firstPage<T extends { page?: number }>(previous: T): T {
  const next = { ...previous };
  delete next.page;
  return next;
}

/**
 * Outage, error, past-the-last-page and empty states. An outage is retried by the search client
 * until Meilisearch answers (see lib/browser/tenant-http-client.ts), so the page never crashes and recovers by
 * itself; meanwhile this shows an alert. Other errors are caught here (`catchError`) and explained.
 */
export function SearchStatus({ availability, examples }: { availability: Availability; examples: string[] }) {
  const { status, results, setIndexUiState } = useInstantSearch({ catchError: true });
  const clearFilters = useClearRefinements();
  const available = useSyncExternalStore(availability.subscribe, availability.get, () => true);

  if (!available) {
    return <SearchOutageAlert />;
  }

  if (status === "error") {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Search could not be completed.</strong> Please reload the page; if it happens again, sign out and in.
      </div>
    );
  }

  if (!results || results.__isArtificial) return null;

  // An old link or a back button can point past the last page of a search that has since shrunk.
  if (results.nbHits > 0 && results.hits.length === 0) {
    return (
      <div className="empty-state" role="status">
        <p>
          There is no page {results.page + 1} for this search; it has {results.nbPages.toLocaleString()}{" "}
          {results.nbPages === 1 ? "page" : "pages"}.
        </p>
        <button type="button" className="button" onClick={() => setIndexUiState(firstPage)}>
          Go to the first page
        </button>
      </div>
    );
  }

  if (results.nbHits > 0) return null;

  const setQuery = (query: string) => setIndexUiState((previous) => ({ ...firstPage(previous), query }));
  const query = results.query;
  const filtered = clearFilters.canRefine;
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">
        {query ? (
          <>
            No appointments match “{query}”{filtered ? " with these filters" : ""}.
          </>
        ) : (
          <>No appointments found.</>
        )}
      </p>
      <p className="hint">
        {query && filtered
          ? "Clear the search or the filters to see more."
          : query
            ? "Check the spelling, or try another word: a symptom, a name or a place."
            : "Clear the filters to see more."}
      </p>
      <div className="empty-actions">
        {query && (
          <button type="button" className="button" onClick={() => setQuery("")}>
            Clear the search
          </button>
        )}
        {filtered && (
          <button type="button" className="button" onClick={clearFilters.refine}>
            Clear the filters
          </button>
        )}
      </div>
      {query && examples.length > 0 && (
        <p className="hint">
          Or try{" "}
          {examples.map((example, i) => (
            <span key={example}>
              {i > 0 && (i === examples.length - 1 ? " or " : ", ")}
              <button type="button" className="link-button" onClick={() => setQuery(example)}>
                {example}
              </button>
            </span>
          ))}
          .
        </p>
      )}
    </div>
  );
}
