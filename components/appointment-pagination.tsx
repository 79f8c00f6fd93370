"use client";

import type { MouseEvent } from "react";
import { usePagination } from "react-instantsearch";

/**
 * Real links (the URL of each page, from the router), so they can be opened in a new tab; a plain
 * click stays in the app and moves the reader back to the top of the results.
 */
export function AppointmentPagination({ resultsTopId }: { resultsTopId: string }) {
  const { pages, currentRefinement, nbPages, isFirstPage, isLastPage, refine, createURL } = usePagination({
    padding: 2,
  });
  if (nbPages <= 1) return null;

  const go = (page: number) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    refine(page);
    document.getElementById(resultsTopId)?.scrollIntoView({ block: "start" });
  };

  const link = (page: number, label: string, text: string, disabled: boolean) =>
    disabled ? (
      <span className="page-link" aria-disabled="true">
        {text}
      </span>
    ) : (
      <a className="page-link" href={createURL(page)} onClick={go(page)} aria-label={label}>
        {text}
      </a>
    );

  return (
    <nav className="pagination" aria-label="Pagination">
      <ul>
        <li>{link(currentRefinement - 1, "Previous page", "‹ Previous", isFirstPage)}</li>
        {pages.map((page) => (
          <li key={page}>
            {page === currentRefinement ? (
              <a
                className="page-link"
                href={createURL(page)}
                aria-current="page"
                aria-label={`Page ${page + 1}`}
                onClick={go(page)}
              >
                {page + 1}
              </a>
            ) : (
              link(page, `Page ${page + 1}`, String(page + 1), false)
            )}
          </li>
        ))}
        <li>{link(currentRefinement + 1, "Next page", "Next ›", isLastPage)}</li>
      </ul>
      <p className="page-of muted">
        Page {(currentRefinement + 1).toLocaleString()} of {nbPages.toLocaleString()}
      </p>
    </nav>
  );
}
