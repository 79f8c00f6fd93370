"use client";

import { useId } from "react";
import { useInstantSearch, useRange, useSortBy } from "react-instantsearch";
import { nowInSeconds, sortIndexName, sortKeyOf, upcomingRange } from "@/lib/browser/url-state";
import { DATE_ATTRIBUTE, SORT_KEYS, SORTS, type SortKey } from "@/lib/common/appointments";

/** "upcoming" shares the ascending index; what sets it apart is its date refinement. */
const SORT_INDEXES = SORT_KEYS.filter((key) => key !== "upcoming");

/**
 * Sort by date. "Upcoming" is not a hidden mode: it is the ascending order plus a
 * `scheduled_at >= now` refinement that shows up (and can be removed) like any other filter.
 */
export function SortSelect({ indexUid }: { indexUid: string }) {
  // Both widgets render nothing; mounting them makes InstantSearch apply `sortBy` and `range`.
  useSortBy({ items: SORT_INDEXES.map((key) => ({ value: sortIndexName(indexUid, key), label: SORTS[key].label })) });
  useRange({ attribute: DATE_ATTRIBUTE });
  const { indexUiState, setIndexUiState } = useInstantSearch();
  const id = useId();

  function choose(key: SortKey) {
    setIndexUiState((previous) => {
      const next = { ...previous, sortBy: sortIndexName(indexUid, key), range: { ...previous.range } };
      delete next.page;
      if (key === "upcoming") next.range[DATE_ATTRIBUTE] = upcomingRange(nowInSeconds());
      else delete next.range[DATE_ATTRIBUTE];
      return next;
    });
  }

  return (
    <div className="sort-select">
      <label htmlFor={id}>Sort by</label>
      <select
        id={id}
        value={sortKeyOf(indexUiState, indexUid)}
        onChange={(event) => choose(event.target.value as SortKey)}
      >
        {SORT_KEYS.map((key) => (
          <option key={key} value={key}>
            {SORTS[key].label}
          </option>
        ))}
      </select>
    </div>
  );
}
