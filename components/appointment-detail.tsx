"use client";

import type { Hit } from "instantsearch.js";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useSyncExternalStore } from "react";
import { Configure, InstantSearch, useHits, useInstantSearch } from "react-instantsearch";
import { appointmentIdFilter, searchPath } from "@/lib/browser/appointment-lookup";
import { useCurrentMinute } from "@/lib/browser/current-minute";
import { useFollowUpRefresh } from "@/lib/browser/follow-up-refresh";
import { useLatestAppointment } from "@/lib/browser/local-writes";
import { createTenantSearchClient } from "@/lib/browser/search-client";
import type { Availability } from "@/lib/browser/tenant-http-client";
import { parseAppointmentId, type Appointment } from "@/lib/common/appointments";
import { loginPath } from "@/lib/common/callback-url";
import { formatDate, formatRelativeDay, formatTime, fromUnixSeconds } from "@/lib/browser/format-date";
import type { Role } from "@/lib/common/tenant";
import { AppointmentActions } from "./appointment-actions";
import { LiveRefresh } from "./live-refresh";
import { SearchOutageAlert } from "./search-outage-alert";
import { StatusBadge } from "./status-badge";

export interface AppointmentDetailProps {
  host: string;
  indexUid: string;
  role: Role;
  /** The id as it came in the URL; checked here, so anything but a positive integer is "not found". */
  rawId: string;
  /** The search this page was opened from (a card's link says), for the back link. */
  from?: string;
}

/**
 * One appointment, read in the browser with the tenant token: a search filtered on the id, which
 * Meilisearch ANDs with the token's own filter. Another tenant's appointment and a missing one
 * both come back as no hit, and show the same "not found".
 */
export function AppointmentDetail({ host, indexUid, role, rawId, from }: AppointmentDetailProps) {
  const id = parseAppointmentId(rawId);
  const backHref = searchPath(from);
  return (
    <>
      <BackLink href={backHref} />
      {id === null ? (
        <AppointmentNotFound backHref={backHref} />
      ) : (
        <AppointmentLookup host={host} indexUid={indexUid} role={role} id={id} backHref={backHref} />
      )}
    </>
  );
}

function BackLink({ href }: { href: string }) {
  return (
    <Link className="back-link" href={href}>
      <span aria-hidden="true">← </span>Back to appointments
    </Link>
  );
}

function AppointmentLookup({
  host,
  indexUid,
  role,
  id,
  backHref,
}: {
  host: string;
  indexUid: string;
  role: Role;
  id: number;
  backHref: string;
}) {
  const router = useRouter();
  const [client] = useState(() =>
    createTenantSearchClient({
      host,
      onSessionEnded: () => router.replace(loginPath(window.location.pathname + window.location.search)),
    }),
  );
  useEffect(() => () => client.reset(), [client]);
  return (
    <InstantSearch searchClient={client.searchClient} indexName={indexUid}>
      <Configure filters={appointmentIdFilter(id)} hitsPerPage={1} />
      <LiveRefresh availability={client.availability} />
      <LookupResult role={role} availability={client.availability} backHref={backHref} />
    </InstantSearch>
  );
}

function LookupResult({ role, availability, backHref }: { role: Role; availability: Availability; backHref: string }) {
  const { status, results, refresh } = useInstantSearch({ catchError: true });
  const followUp = useFollowUpRefresh(refresh);
  const { items } = useHits<Appointment>();
  const available = useSyncExternalStore(availability.subscribe, availability.get, () => true);
  const answered = results && !results.__isArtificial;
  const hit = items[0];

  return (
    <>
      {!available && <SearchOutageAlert />}
      {available && status === "error" && (
        <div className="alert alert-error" role="alert">
          <strong>This appointment could not be loaded.</strong> Please reload the page; if it happens again, sign out
          and in.
        </div>
      )}
      {!answered ? (
        available &&
        status !== "error" && (
          <p className="detail-loading" role="status">
            Loading the appointment…
          </p>
        )
      ) : hit ? (
        <AppointmentDetailCard
          key={hit.id}
          hit={hit}
          role={role}
          onChanged={(indexed) => {
            refresh();
            if (!indexed) followUp();
          }}
        />
      ) : (
        <AppointmentNotFound backHref={backHref} />
      )}
    </>
  );
}

function AppointmentNotFound({ backHref }: { backHref: string }) {
  const titleId = useId();
  return (
    <section className="card detail-missing" aria-labelledby={titleId}>
      <h1 id={titleId}>Appointment not found</h1>
      <p className="muted">No appointment you can see has this number. The link may be mistyped or out of date.</p>
      <Link className="button primary" href={backHref}>
        Back to appointments
      </Link>
    </section>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AppointmentDetailCard({
  hit,
  role,
  onChanged,
}: {
  hit: Hit<Appointment>;
  role: Role;
  onChanged: (indexed: boolean) => void;
}) {
  const [shown, record] = useLatestAppointment(hit);
  const now = useCurrentMinute();
  const titleId = useId();
  const when = fromUnixSeconds(shown.scheduled_at);
  const past = when.getTime() < now.getTime();

  return (
    <article className="card detail" aria-labelledby={titleId} data-past={past}>
      <header className="detail-header">
        <p className="detail-number">Appointment {shown.id}</p>
        <h1 id={titleId}>
          <time dateTime={when.toISOString()}>
            {formatDate(when)}, {formatTime(when)}
          </time>
        </h1>
        <p className="detail-when">
          <StatusBadge status={shown.status} />
          <span className="hit-relative">
            <span className="visually-hidden">{past ? "Past, " : "Upcoming, "}</span>
            {formatRelativeDay(when, now)}
          </span>
        </p>
      </header>
      <section className="detail-reason" aria-label="Reason for the visit">
        {/* Plain text: React escapes it, and pre-wrap keeps the patient's line breaks. */}
        <p>{shown.details}</p>
      </section>
      <dl className="detail-meta">
        {role !== "patient" && <Field label="Patient">{shown.patient}</Field>}
        <Field label="Doctor">{shown.doctor}</Field>
        <Field label="Department">{shown.department}</Field>
        <Field label="Clinic">{shown.clinic}</Field>
        <Field label="Location">{shown.location}</Field>
      </dl>
      <AppointmentActions
        role={role}
        appointment={shown}
        now={now}
        describedBy={titleId}
        onWritten={(written, indexed) => {
          record(written);
          onChanged(indexed);
        }}
        onStale={() => onChanged(true)}
      />
    </article>
  );
}
