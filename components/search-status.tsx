"use client";

import type { UiState } from "instantsearch.js";
import { useEffect, useRef } from "react";
import { useInstantSearch } from "react-instantsearch";

const RETRY_MS = 5_000;

/**
 * Loading, empty and error states. Errors are caught here (`catchError`) so a failed search shows
 * an alert instead of crashing the page, and the search is retried until Meilisearch is back.
 */
export function SearchStatus() {
  const { status, error, results, setUiState, indexUiState, addMiddlewares } = useInstantSearch({ catchError: true });

  // On a failed search InstantSearch rolls its state back to the last search that succeeded,
  // while the search box still shows what the user typed. So remember what was asked for, and
  // retry that: `refresh()` would fetch results for the older query and show them under the new one.
  const requested = useRef<UiState | null>(null);
  useEffect(
    () =>
      addMiddlewares(() => ({
        $$type: "appointments.remember-requested-state",
        onStateChange: ({ uiState }) => {
          requested.current = uiState;
        },
        subscribe: () => {},
        unsubscribe: () => {},
      })),
    [addMiddlewares],
  );

  useEffect(() => {
    if (status !== "error") return;
    const timer = setTimeout(() => setUiState(requested.current ?? ((uiState) => uiState)), RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, setUiState, error]);

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
