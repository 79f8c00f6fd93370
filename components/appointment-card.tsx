"use client";

import type { Hit } from "instantsearch.js";
import { memo, useId } from "react";
import { useLatestAppointment } from "@/lib/browser/local-writes";
import { formatDate, formatRelativeDay, formatTime, fromUnixSeconds } from "@/lib/browser/format-date";
import type { Appointment } from "@/lib/common/appointments";
import type { RoleView } from "@/lib/common/role-views";
import type { Role } from "@/lib/common/tenant";
import { AppointmentActions } from "./appointment-actions";
import { DetailLink } from "./detail-link";
import { Highlight } from "./highlight";
import { StatusBadge } from "./status-badge";

export interface AppointmentCardProps {
  hit: Hit<Appointment>;
  fields: RoleView["card"];
  /** Passed in rather than read per card, so every card of one render agrees on "now". */
  now: Date;
  role: Role;
  /** Search again: after this card's own change (not searchable yet: `indexed` false), or when it turned out to be out of date. */
  onChanged: (indexed: boolean) => void;
  /** Brings the URL up to date with the search before the card's link leaves the page. */
  beforeLeaving: () => void;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AppointmentCardView({ hit, fields, now, role, onChanged, beforeLeaving }: AppointmentCardProps) {
  // The status and time as this page last wrote them, until the index catches up.
  const [shown, record] = useLatestAppointment(hit);
  const whenId = useId();
  const when = fromUnixSeconds(shown.scheduled_at);
  const past = when.getTime() < now.getTime();
  return (
    <article className="hit-card" data-past={past} aria-label={`Appointment ${hit.id}`}>
      <header className="hit-header">
        <time className="hit-when" dateTime={when.toISOString()} id={whenId}>
          <span className="hit-date">{formatDate(when)}</span> <span className="hit-time">{formatTime(when)}</span>
        </time>
        <span className="hit-relative">
          <span className="visually-hidden">{past ? "Past, " : "Upcoming, "}</span>
          {formatRelativeDay(when, now)}
        </span>
        <StatusBadge status={shown.status} />
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
      <footer className="hit-footer">
        <AppointmentActions
          role={role}
          appointment={shown}
          now={now}
          describedBy={whenId}
          onWritten={(written, indexed) => {
            record(written);
            onChanged(indexed);
          }}
          onStale={() => onChanged(true)}
        />
        <DetailLink id={hit.id} describedBy={whenId} beforeLeaving={beforeLeaving} />
      </footer>
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
    previous.fields === next.fields &&
    previous.role === next.role &&
    previous.onChanged === next.onChanged &&
    previous.beforeLeaving === next.beforeLeaving &&
    previous.now.getTime() === next.now.getTime() &&
    sameHit(previous.hit, next.hit),
);
