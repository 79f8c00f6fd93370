import "server-only";
import { pool } from "../db/client";
import type { AuditEventName } from "./events";

/** Reading the audit trail back (`npm run audit`). */

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

const COLUMNS = `e.id::float8 as id, e.at, e.event::text as event, e.username, e.session_id as "sessionId",
  e.patient_id as "patientId", e.appointment_id::float8 as "appointmentId", e.details`;

/** Everything recorded about one user, oldest first. */
export async function userTrail(username: string): Promise<AuditRow[]> {
  const { rows } = await pool().query<AuditRow>(
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
export async function patientTrail(patientId: string): Promise<AuditRow[]> {
  // One branch per kind of rule, each an index lookup (audit_events_token_scope).
  const coveredBy = (attribute: "doctor_id" | "clinic_id") => `
    select ${COLUMNS} from audit_events e
    join (select ${attribute} as id, min(created_at) as since from appointments where patient_id = $1 group by 1) t
      on e.details->'scope'->>'id' = t.id
    where e.event = 'token_issued' and e.details->'scope'->>'attribute' = '${attribute}'
      and (e.details->>'expiresAt')::timestamptz >= t.since`;
  const { rows } = await pool().query<AuditRow>(
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
