"use client";

import { useInstantSearch, useStats } from "react-instantsearch";
import { MAX_TOTAL_HITS } from "@/lib/common/appointments";

/** "3,678 appointments", or "12 appointments for “fever”"; exact up to MAX_TOTAL_HITS. */
export function SearchStats() {
  const { nbHits, query } = useStats();
  const { status } = useInstantSearch();
  const count = `${nbHits >= MAX_TOTAL_HITS ? "More than " : ""}${nbHits.toLocaleString()} ${nbHits === 1 ? "appointment" : "appointments"}`;
  // The live region stays mounted, so screen readers announce each new count; it says nothing
  // while a search runs, and nothing when there are no results (the empty state says so).
  return (
    <p className="search-stats" role="status" aria-busy={status === "loading" || status === "stalled"}>
      {nbHits > 0 && (
        <>
          {count}
          {query ? <> for “{query}”</> : null}
        </>
      )}
    </p>
  );
}
