"use client";

import { useEffect } from "react";
import { useInstantSearch } from "react-instantsearch";

const RETRY_MS = 5_000;

/**
 * Loading, empty and error states. Errors are caught here (`catchError`) so a failed search shows
 * an alert instead of crashing the page, and the search is retried until Meilisearch is back.
 */
export function SearchStatus() {
  const { status, error, results, refresh, indexUiState, setIndexUiState } = useInstantSearch({ catchError: true });

  useEffect(() => {
    if (status !== "error") return;
    const timer = setTimeout(refresh, RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, refresh, error]);

  if (status === "error") {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Search is unavailable right now.</strong> Your appointments are safe; we will retry
        automatically in a few seconds.
      </div>
    );
  }

  if (status === "stalled" || (status === "loading" && !results?.__isArtificial && results?.nbHits === undefined)) {
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
