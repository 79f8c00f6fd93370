"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import type { MouseEvent } from "react";
import { detailPath } from "@/lib/browser/appointment-lookup";

/**
 * A card's link to its detail page, carrying the current search so the detail page's back link
 * returns to it. Its own component: the search changes on every keystroke, and only this link
 * needs to follow it, not the memoized card around it.
 */
export function DetailLink({
  id,
  describedBy,
  beforeLeaving,
}: {
  id: number;
  describedBy: string;
  beforeLeaving: () => void;
}) {
  const router = useRouter();
  const search = useSearchParams().toString();

  // A plain click: the URL may lag the search by a moment (see createRouting), so write it first
  // and go where it now says. Other clicks (new tab, new window) keep the browser's own handling.
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    beforeLeaving();
    router.push(detailPath(id, window.location.search));
  };

  return (
    <Link
      className="detail-link"
      href={detailPath(id, search)}
      aria-describedby={describedBy}
      prefetch={false}
      onClick={onClick}
    >
      Details<span aria-hidden="true"> →</span>
    </Link>
  );
}
