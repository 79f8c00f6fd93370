"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { detailPath } from "@/lib/browser/appointment-lookup";

/**
 * A card's link to its detail page, carrying the current search so the detail page's back link
 * returns to it. Its own component: the search changes on every keystroke, and only this link
 * needs to follow it, not the memoized card around it.
 */
export function DetailLink({ id, describedBy }: { id: number; describedBy: string }) {
  const search = useSearchParams().toString();
  return (
    <Link className="detail-link" href={detailPath(id, search)} aria-describedby={describedBy} prefetch={false}>
      Details<span aria-hidden="true"> →</span>
    </Link>
  );
}
