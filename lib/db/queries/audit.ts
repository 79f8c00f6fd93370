import "server-only";
import type { auditEventEnum } from "../schema";
import { pool, query, type Queryable } from "../client";

/**
 * The audit trail (`audit_events`, append-only: see lib/db/schema.ts). Each event is written in
 * the same transaction as what it records, or before the answer that depends on it, so a committed
 * change never lacks its event and a token is never handed out unrecorded. Never a password.
 */

type AuditEventName = (typeof auditEventEnum.enumValues)[number];

export interface AuditEvent {
  event: AuditEventName;
  username?: string | null;
  sessionId?: string | null;
  patientId?: string | null;
  appointmentId?: number | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: Date;
  event: AuditEventName;
  username: string | null;
  sessionId: string | null;
  patientId: string | null;
  appointmentId: number | null;
  details: Record<string, unknown>;
}

/** Inserts one event, on `db` (a transaction's connection, to commit with what it records). */
export async function insertAuditEvent(db: Queryable, event: AuditEvent): Promise<void> {
  await query(
    db,
    `insert into audit_events (event, username, session_id, patient_id, appointment_id, details)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      event.event,
      event.username ?? null,
      event.sessionId ?? null,
      event.patientId ?? null,
      event.appointmentId ?? null,
      JSON.stringify(event.details ?? {}),
    ],
  );
}

const COLUMNS = `e.id::float8 as id, e.at, e.event::text as event, e.username, e.session_id as "sessionId",
  e.patient_id as "patientId", e.appointment_id::float8 as "appointmentId", e.details`;

/** Every event naming `username`, oldest first. */
export async function findAuditEventsOfUser(username: string): Promise<AuditRow[]> {
  const { rows } = await query<AuditRow>(
    pool(),
    `select ${COLUMNS} from audit_events e where e.username = $1 order by e.id`,
    [username],
  );
  return rows;
}

/**
 * Who could read, or changed, one patient's appointments, oldest first. Reads: every token whose
 * rules covered the patient, i.e. the patient's own, and those of a doctor or clinic the patient
 * has an appointment with, issued while that appointment existed (its token still valid after the
 * appointment was created). Changes: every write to the patient's appointments.
 */
export async function findAuditEventsAboutPatient(patientId: string): Promise<AuditRow[]> {
  // One branch per kind of rule, each an index lookup (audit_events_token_scope).
  const coveredBy = (attribute: "doctor_id" | "clinic_id") => `
    select ${COLUMNS} from audit_events e
    join (select ${attribute} as id, min(created_at) as since from appointments where patient_id = $1 group by 1) t
      on e.details->'scope'->>'id' = t.id
    where e.event = 'token_issued' and e.details->'scope'->>'attribute' = '${attribute}'
      and (e.details->>'expiresAt')::timestamptz >= t.since`;
  const { rows } = await query<AuditRow>(
    pool(),
    `select ${COLUMNS} from audit_events e
     where e.event = 'token_issued' and e.details->'scope'->>'attribute' = 'patient_id' and e.details->'scope'->>'id' = $1
     union all ${coveredBy("doctor_id")}
     union all ${coveredBy("clinic_id")}
     union all
     select ${COLUMNS} from audit_events e where e.patient_id = $1
     order by id`,
    [patientId],
  );
  return rows;
}
