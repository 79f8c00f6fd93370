"use client";

import type { Hit } from "instantsearch.js";
import { memo } from "react";
import { formatDate, formatRelativeDay, formatTime, fromUnixSeconds } from "@/lib/common/format-date";
import type { Appointment } from "@/lib/common/appointments";
import type { RoleView } from "@/lib/common/role-views";
import { Highlight } from "./highlight";
import { StatusBadge } from "./status-badge";

export interface AppointmentCardProps {
  hit: Hit<Appointment>;
  fields: RoleView["card"];
  /** Passed in rather than read per card, so every card of one render agrees on "now". */
  now: Date;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AppointmentCardView({ hit, fields, now }: AppointmentCardProps) {
  const when = fromUnixSeconds(hit.scheduled_at);
  const past = when.getTime() < now.getTime();
  return (
    <article className="hit-card" data-past={past} aria-label={`Appointment ${hit.id}`}>
      <header className="hit-header">
        <time className="hit-when" dateTime={when.toISOString()}>
          <span className="hit-date">{formatDate(when)}</span> <span className="hit-time">{formatTime(when)}</span>
        </time>
        <span className="hit-relative">
          <span className="visually-hidden">{past ? "Past, " : "Upcoming, "}</span>
          {formatRelativeDay(when, now)}
        </span>
        <StatusBadge status={hit.status} />
      </header>
      {/* <Highlight> renders React elements from the match markers: escaped, never innerHTML. */}
      <p className="hit-details">
        <Highlight attribute="details" hit={hit} />
      </p>
      <dl className="hit-meta">
        {fields.patient && (
          <Field label="Patient">
            <Highlight attribute="patient" hit={hit} />
          </Field>
        )}
        {fields.doctor && (
          <Field label="Doctor">
            <Highlight attribute="doctor" hit={hit} />
          </Field>
        )}
        {fields.department && (
          <Field label="Department">
            <Highlight attribute="department" hit={hit} />
          </Field>
        )}
        <Field label="Location">
          {fields.clinic && (
            <>
              <Highlight attribute="clinic" hit={hit} />,{" "}
            </>
          )}
          <Highlight attribute="location" hit={hit} />
        </Field>
      </dl>
    </article>
  );
}

/** What a card shows of a hit: its id and the highlighted text. InstantSearch hands over new hit objects on every search. */
function sameHit(a: Hit<Appointment>, b: Hit<Appointment>): boolean {
  return (
    a.id === b.id &&
    a.status === b.status &&
    a.scheduled_at === b.scheduled_at &&
    JSON.stringify(a._highlightResult) === JSON.stringify(b._highlightResult)
  );
}

/**
 * Memoized: typing re-renders the list on every keystroke, and most cards of the new page are
 * often the same as before with the same highlights. Re-rendering them would only cost time.
 */
export const AppointmentCard = memo(
  AppointmentCardView,
  (previous, next) =>
    previous.fields === next.fields && previous.now.getTime() === next.now.getTime() && sameHit(previous.hit, next.hit),
);
