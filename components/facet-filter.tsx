"use client";

import { useRefinementList } from "react-instantsearch";
import { APPOINTMENT_STATUSES, statusLabel } from "@/lib/common/appointments";
import type { FacetAttribute } from "@/lib/common/appointments";

const VISIBLE = 6;

function labelStatuses<T extends { value: string; label: string }>(items: T[]): T[] {
  return items.map((item) => ({ ...item, label: statusLabel(item.value) }));
}

const statusOrder = (value: string) => (APPOINTMENT_STATUSES as readonly string[]).indexOf(value);

/** Statuses in the order an appointment goes through them; other values alphabetically. Positions never jump while counts change. */
const STATUS_SORT = (a: { name: string }, b: { name: string }) => statusOrder(a.name) - statusOrder(b.name);

/**
 * One facet as a group of checkboxes with counts. Values combine with OR inside a facet and with
 * AND across facets; the counts come from the same token-filtered search as the hits. A facet
 * with nothing to offer for this search is left out rather than shown as a bare heading.
 */
export function FacetFilter({ attribute, title }: { attribute: FacetAttribute; title: string }) {
  const { items, refine, canToggleShowMore, isShowingMore, toggleShowMore } = useRefinementList({
    attribute,
    sortBy: attribute === "status" ? STATUS_SORT : ["name:asc"],
    limit: VISIBLE,
    showMore: true,
    showMoreLimit: 20,
    // Module-level functions: the widget is rebuilt whenever a parameter changes identity.
    transformItems: attribute === "status" ? labelStatuses : undefined,
  });
  if (items.length === 0) return null;
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
      {canToggleShowMore && (
        <button type="button" className="link-button show-more" onClick={toggleShowMore} aria-expanded={isShowingMore}>
          {isShowingMore ? `Fewer ${title.toLowerCase()} options` : `More ${title.toLowerCase()} options`}
        </button>
      )}
    </fieldset>
  );
}
