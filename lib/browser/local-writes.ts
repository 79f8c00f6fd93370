import "client-only";
/**
 * What a card shows right after its own change succeeded: the API's answer, until the index says
 * something newer. The answer stands in only while the hit is still the version it replaced; once
 * the search returns a hit that differs from that version (the change arrived, or someone else
 * changed it since), the search wins. So a 202 (saved, not yet searchable) shows the new status at
 * once, and a later change by a doctor or a front desk is never hidden behind a stale answer.
 */
import { useState } from "react";
import type { Appointment } from "../common/appointments";

type Version = Pick<Appointment, "status" | "scheduled_at">;

export interface LocalWrite {
  /** The hit as it was when the change was sent. */
  replaced: Version;
  written: Appointment;
}

const sameVersion = (a: Version, b: Version) => a.status === b.status && a.scheduled_at === b.scheduled_at;

/** The appointment to show: the written one while the hit is still the replaced version. */
export function latestAppointment<T extends Appointment>(hit: T, local: LocalWrite | null): T {
  if (!local || !sameVersion(hit, local.replaced)) return hit;
  return { ...hit, status: local.written.status, scheduled_at: local.written.scheduled_at };
}

/** A hit with this page's own writes laid over it (see latestAppointment). */
export function useLatestAppointment<T extends Appointment>(hit: T): [T, (written: Appointment) => void] {
  const [local, setLocal] = useState<LocalWrite | null>(null);
  const shown = latestAppointment(hit, local);
  // Against the hit, not what is shown: a second change before the first reached the index still
  // replaces the same indexed version.
  const record = (written: Appointment) =>
    setLocal({ replaced: { status: hit.status, scheduled_at: hit.scheduled_at }, written });
  return [shown, record];
}
