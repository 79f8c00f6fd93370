"use client";

import { useId, useState, type ReactNode } from "react";
import { useCurrentRefinements } from "react-instantsearch";

/**
 * The filter sidebar. On narrow screens it collapses behind a "Filters" button (CSS decides when
 * the button shows); the widgets stay mounted either way, so their refinements keep applying.
 */
export function FiltersPanel({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const { items } = useCurrentRefinements();
  const active = items.reduce((sum, item) => sum + item.refinements.length, 0);
  const id = useId();
  return (
    <aside className="search-filters" aria-label="Filters" data-open={open}>
      <button
        type="button"
        className="button filters-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        Filters{active > 0 && ` (${active})`}
      </button>
      <div className="filter-groups" id={id}>
        {children}
      </div>
    </aside>
  );
}
