"use client";

import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { useClearRefinements, useCurrentRefinements, useStats } from "react-instantsearch";

/** Where the sidebar turns into a sheet; the same width as the CSS breakpoint. */
const NARROW_SCREEN = "(max-width: 720px)";

/** How many filters are active, for the phone's "Filters (2)" button. */
function useActiveFilterCount(): number {
  const { items } = useCurrentRefinements();
  return items.reduce((sum, item) => sum + item.refinements.length, 0);
}

export function FiltersToggle({ open, onOpen, controls }: { open: boolean; onOpen: () => void; controls: string }) {
  const active = useActiveFilterCount();
  return (
    <button
      type="button"
      className="button filters-toggle"
      aria-expanded={open}
      aria-controls={controls}
      aria-haspopup="dialog"
      onClick={onOpen}
    >
      Filters{active > 0 && ` (${active})`}
    </button>
  );
}

/**
 * The filters. On a wide screen, a sidebar that is always there. On a phone, a sheet over the
 * page (a modal dialog: focus moves in, Tab stays in, Escape closes) that ends with a
 * "Show N appointments" button, so the reader sees what the filters did before going back.
 * The widgets stay mounted either way, so their refinements keep applying.
 */
export function FiltersPanel({
  id,
  open,
  onClose,
  children,
}: {
  id: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const { nbHits } = useStats();
  const clear = useClearRefinements();
  const titleId = useId();
  const panelRef = useRef<HTMLElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    closeRef.current?.focus();
    const wide = window.matchMedia(NARROW_SCREEN);
    const onChange = () => !wide.matches && onClose();
    wide.addEventListener("change", onChange);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      wide.removeEventListener("change", onChange);
      document.body.style.overflow = overflow;
    };
  }, [open, onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== "Tab") return;
    const focusable = panelRef.current?.querySelectorAll<HTMLElement>("button:not(:disabled), input:not(:disabled)");
    if (!focusable || focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <aside
      ref={panelRef}
      id={id}
      className="search-filters"
      data-open={open}
      aria-label={open ? undefined : "Filters"}
      {...(open ? { role: "dialog", "aria-modal": true, "aria-labelledby": titleId } : {})}
      onKeyDown={onKeyDown}
    >
      <div className="sheet-header">
        <h2 id={titleId}>Filters</h2>
        <button ref={closeRef} type="button" className="sheet-close" aria-label="Close filters" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="filter-groups">{children}</div>
      <div className="sheet-footer">
        <button type="button" className="button" onClick={clear.refine} disabled={!clear.canRefine}>
          Clear all
        </button>
        <button type="button" className="button primary" onClick={onClose}>
          Show {nbHits.toLocaleString()} {nbHits === 1 ? "appointment" : "appointments"}
        </button>
      </div>
    </aside>
  );
}
