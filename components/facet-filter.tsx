"use client";

import { useRefinementList } from "react-instantsearch";
import type { FacetAttribute } from "@/lib/routing";

/**
 * One facet as a group of checkboxes with counts. Values combine with OR inside a facet and with
 * AND across facets; the counts come from the same token-filtered search as the hits.
 */
export function FacetFilter({ attribute, title }: { attribute: FacetAttribute; title: string }) {
  const { items, refine } = useRefinementList({ attribute, sortBy: ["name:asc"], limit: 20 });
  return (
    <fieldset className={`facet facet-${attribute}`}>
      <legend className="filter-title">{title}</legend>
      <ul className="facet-list">
        {items.map((item) => (
          <li key={item.value}>
            <label className="facet-option">
              <input type="checkbox" checked={item.isRefined} onChange={() => refine(item.value)} />
              <span className="facet-label">{item.label}</span>
              <span className="facet-count">{item.count.toLocaleString()}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
