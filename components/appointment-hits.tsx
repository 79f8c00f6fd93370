"use client";

import { useSyncExternalStore } from "react";
import { useHits, useInstantSearch } from "react-instantsearch";
import type { Appointment } from "@/lib/common/appointments";
import type { RoleView } from "@/lib/common/role-views";
import { AppointmentCard } from "./appointment-card";

const MINUTE_MS = 60_000;
const currentMinute = () => Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
function subscribeToMinutes(onChange: () => void) {
  const timer = setInterval(onChange, MINUTE_MS / 4);
  return () => clearInterval(timer);
}

export function AppointmentHits({ fields }: { fields: RoleView["card"] }) {
  const { items } = useHits<Appointment>();
  const { status } = useInstantSearch();
  // To the minute, so the memoized cards see the same "now" from one keystroke to the next,
  // and "in 3 days" turns into "in 2 days" while the page stays open.
  const minute = useSyncExternalStore(subscribeToMinutes, currentMinute, currentMinute);
  if (items.length === 0) return null;
  const now = new Date(minute);
  return (
    // Results of the previous query stay in place but dim while a slow search runs.
    <ol className="hit-list" aria-label="Search results" data-stale={status === "stalled"}>
      {items.map((hit) => (
        <li key={hit.id}>
          <AppointmentCard hit={hit} fields={fields} now={now} />
        </li>
      ))}
    </ol>
  );
}
