"use client";

import type { Hit } from "instantsearch.js";
import { Highlight, useHits } from "react-instantsearch";
import type { Appointment } from "@/lib/meilisearch/appointments";
import { StatusBadge } from "./status-badge";

const dateFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

function AppointmentCard({ hit }: { hit: Hit<Appointment> }) {
  const when = new Date(hit.scheduled_at * 1000);
  return (
    <article className="hit-card" aria-label={`Appointment ${hit.id}`}>
      <header className="hit-header">
        <time dateTime={when.toISOString()}>{dateFormat.format(when)}</time>
        <StatusBadge status={hit.status} />
      </header>
      {/* <Highlight> renders React elements from Meilisearch's markers: escaped, never innerHTML. */}
      <p className="hit-details">
        <Highlight attribute="details" hit={hit} />
      </p>
      <dl className="hit-meta">
        <div>
          <dt>Patient</dt>
          <dd>
            <Highlight attribute="patient" hit={hit} />
          </dd>
        </div>
        <div>
          <dt>Doctor</dt>
          <dd>
            <Highlight attribute="doctor" hit={hit} />
          </dd>
        </div>
        <div>
          <dt>Department</dt>
          <dd>{hit.department}</dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            {hit.clinic}, {hit.location}
          </dd>
        </div>
      </dl>
    </article>
  );
}

export function AppointmentHits() {
  const { items } = useHits<Appointment>();
  if (items.length === 0) return null;
  return (
    <ol className="hit-list" aria-label="Search results">
      {items.map((hit) => (
        <li key={hit.objectID}>
          <AppointmentCard hit={hit} />
        </li>
      ))}
    </ol>
  );
}
