"use client";

import { useCallback } from "react";
import { useHits, useInstantSearch } from "react-instantsearch";
import { useCurrentMinute } from "@/lib/browser/current-minute";
import { useFollowUpRefresh } from "@/lib/browser/follow-up-refresh";
import type { Appointment } from "@/lib/common/appointments";
import type { RoleView } from "@/lib/common/role-views";
import type { Role } from "@/lib/common/tenant";
import { AppointmentCard } from "./appointment-card";

export function AppointmentHits({
  fields,
  role,
  beforeLeaving,
}: {
  fields: RoleView["card"];
  role: Role;
  /** Brings the URL up to date with the search before a card's link leaves the page. */
  beforeLeaving: () => void;
}) {
  const { items } = useHits<Appointment>();
  // `refresh` is stable, and so is `onChanged`: the memoized cards are not re-rendered for it.
  const { status, refresh } = useInstantSearch();
  const followUp = useFollowUpRefresh(refresh);
  const onChanged = useCallback(
    (indexed: boolean) => {
      refresh();
      if (!indexed) followUp();
    },
    [refresh, followUp],
  );
  const now = useCurrentMinute();
  if (items.length === 0) return null;
  return (
    // Results of the previous query stay in place but dim while a slow search runs.
    <ol className="hit-list" aria-label="Search results" data-stale={status === "stalled"}>
      {items.map((hit) => (
        <li key={hit.id}>
          <AppointmentCard
            hit={hit}
            fields={fields}
            now={now}
            role={role}
            onChanged={onChanged}
            beforeLeaving={beforeLeaving}
          />
        </li>
      ))}
    </ol>
  );
}
