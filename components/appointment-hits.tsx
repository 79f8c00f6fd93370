"use client";

import { useHits } from "react-instantsearch";
import type { Appointment } from "@/lib/meilisearch/appointments";
import { AppointmentCard } from "./appointment-card";

export function AppointmentHits({ showPatient }: { showPatient: boolean }) {
  const { items } = useHits<Appointment>();
  if (items.length === 0) return null;
  return (
    <ol className="hit-list" aria-label="Search results">
      {items.map((hit) => (
        <li key={hit.id}>
          <AppointmentCard hit={hit} showPatient={showPatient} />
        </li>
      ))}
    </ol>
  );
}
