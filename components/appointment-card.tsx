"use client";

import type { Hit } from "instantsearch.js";
import { Highlight } from "react-instantsearch";
import { formatDate, formatTime, fromUnixSeconds } from "@/lib/format-date";
import type { Appointment } from "@/lib/meilisearch/appointments";
import { StatusBadge } from "./status-badge";

export function AppointmentCard({ hit, showPatient }: { hit: Hit<Appointment>; showPatient: boolean }) {
  const when = fromUnixSeconds(hit.scheduled_at);
  return (
    <article className="hit-card" aria-label={`Appointment ${hit.id}`}>
      <header className="hit-header">
        <time className="hit-when" dateTime={when.toISOString()}>
          <span className="hit-date">{formatDate(when)}</span> <span className="hit-time">{formatTime(when)}</span>
        </time>
        <StatusBadge status={hit.status} />
      </header>
      {/* <Highlight> renders React elements from Meilisearch's markers: escaped, never innerHTML. */}
      <p className="hit-details">
        <Highlight attribute="details" hit={hit} />
      </p>
      <dl className="hit-meta">
        {showPatient && (
          <div>
            <dt>Patient</dt>
            <dd>
              <Highlight attribute="patient" hit={hit} />
            </dd>
          </div>
        )}
        <div>
          <dt>Doctor</dt>
          <dd>
            <Highlight attribute="doctor" hit={hit} />
          </dd>
        </div>
        <div>
          <dt>Department</dt>
          <dd>
            <Highlight attribute="department" hit={hit} />
          </dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>
            <Highlight attribute="clinic" hit={hit} />, <Highlight attribute="location" hit={hit} />
          </dd>
        </div>
      </dl>
    </article>
  );
}
