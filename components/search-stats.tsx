"use client";

import { useStats } from "react-instantsearch";

export function SearchStats() {
  const { nbHits, processingTimeMS } = useStats();
  // The live region stays mounted, so screen readers announce each new count.
  return (
    <p className="search-stats" role="status">
      {nbHits > 0 && (
        <>
          {nbHits.toLocaleString()} {nbHits === 1 ? "appointment" : "appointments"} in {processingTimeMS} ms
        </>
      )}
    </p>
  );
}
