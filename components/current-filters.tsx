"use client";

import { useLayoutEffect, useRef } from "react";
import { useClearRefinements, useCurrentRefinements } from "react-instantsearch";
import { formatShortDateTime, fromUnixSeconds } from "@/lib/browser/format-date";
import { statusLabel } from "@/lib/common/appointments";
import { FACET_TITLES } from "@/lib/common/role-views";
import { DATE_ATTRIBUTE, type FacetAttribute } from "@/lib/common/appointments";

type Refinement = ReturnType<typeof useCurrentRefinements>["items"][number]["refinements"][number];

function attributeTitle(attribute: string): string {
  return attribute === DATE_ATTRIBUTE ? "Date" : (FACET_TITLES[attribute as FacetAttribute] ?? attribute);
}

/** The chip's words, the same as the facet's: "Status: Confirmed". */
function refinementLabel(refinement: Refinement): string {
  if (
    refinement.attribute === DATE_ATTRIBUTE &&
    refinement.type === "numeric" &&
    typeof refinement.value === "number"
  ) {
    return `upcoming (from ${formatShortDateTime(fromUnixSeconds(refinement.value))})`;
  }
  return refinement.attribute === "status" ? statusLabel(String(refinement.value)) : String(refinement.label);
}

/**
 * The active filters as removable chips, plus "Clear all filters". The search query is not a
 * filter. Removing a chip moves focus to the chip that takes its place (or the one before), and
 * to the search box when none is left, so a keyboard user is never dropped at the top of the page.
 */
export function CurrentFilters({ searchInputId }: { searchInputId: string }) {
  const { items, refine } = useCurrentRefinements();
  const clear = useClearRefinements();
  const listRef = useRef<HTMLUListElement>(null);
  const removed = useRef<{ key: string; index: number } | null>(null);
  const chips = items.flatMap((item) =>
    item.refinements.map((refinement) => ({ item, refinement, key: `${item.attribute}:${refinement.label}` })),
  );
  const keys = chips.map((chip) => chip.key).join("\n");

  // Runs once the removed chip is really gone (InstantSearch re-renders more than once meanwhile).
  useLayoutEffect(() => {
    if (!removed.current || keys.split("\n").includes(removed.current.key)) return;
    const { index } = removed.current;
    removed.current = null;
    const buttons = listRef.current?.querySelectorAll("button");
    const target = buttons?.[Math.min(index, buttons.length - 1)] ?? document.getElementById(searchInputId);
    target?.focus();
  }, [keys, searchInputId]);

  if (chips.length === 0) return null;
  return (
    <div className="current-filters">
      <ul className="chip-list" aria-label="Active filters" ref={listRef}>
        {chips.map(({ item, refinement, key }, index) => {
          const text = `${attributeTitle(item.attribute)}: ${refinementLabel(refinement)}`;
          return (
            <li key={key}>
              <button
                type="button"
                className="chip"
                onClick={() => {
                  removed.current = { key, index };
                  refine(refinement);
                }}
                aria-label={`Remove ${text}`}
              >
                {text}
                <span aria-hidden="true" className="chip-remove">
                  ×
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          clear.refine();
          document.getElementById(searchInputId)?.focus();
        }}
        disabled={!clear.canRefine}
      >
        Clear all filters
      </button>
    </div>
  );
}
