"use client";

import { useClearRefinements, useCurrentRefinements } from "react-instantsearch";
import { formatShortDateTime, fromUnixSeconds } from "@/lib/format-date";
import { DATE_ATTRIBUTE } from "@/lib/routing";

const ATTRIBUTE_LABELS: Record<string, string> = {
  status: "Status",
  department: "Department",
  doctor: "Doctor",
  [DATE_ATTRIBUTE]: "Date",
};

type Refinement = ReturnType<typeof useCurrentRefinements>["items"][number]["refinements"][number];

function refinementLabel(refinement: Refinement): string {
  if (refinement.attribute === DATE_ATTRIBUTE && refinement.type === "numeric" && typeof refinement.value === "number") {
    return `upcoming (from ${formatShortDateTime(fromUnixSeconds(refinement.value))})`;
  }
  return String(refinement.label);
}

/** The active filters as removable chips, plus "Clear all filters". The search query is not a filter. */
export function CurrentFilters() {
  const { items, refine } = useCurrentRefinements();
  const clear = useClearRefinements();
  if (items.length === 0) return null;
  return (
    <div className="current-filters">
      <ul className="chip-list" aria-label="Active filters">
        {items.flatMap((item) =>
          item.refinements.map((refinement) => {
            const text = `${ATTRIBUTE_LABELS[item.attribute] ?? item.label}: ${refinementLabel(refinement)}`;
            return (
              <li key={`${item.attribute}:${refinement.label}`}>
                <button type="button" className="chip" onClick={() => refine(refinement)} aria-label={`Remove ${text}`}>
                  {text}
                  <span aria-hidden="true" className="chip-remove">
                    ×
                  </span>
                </button>
              </li>
            );
          }),
        )}
      </ul>
      <button type="button" className="button link-button" onClick={clear.refine} disabled={!clear.canRefine}>
        Clear all filters
      </button>
    </div>
  );
}
