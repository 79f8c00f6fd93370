import "server-only";
import type pg from "pg";
import type { auditEventEnum } from "../db/schema";

/**
 * The audit trail (`audit_events`, append-only: see lib/db/schema.ts). Each event is written in
 * the same transaction as what it records, or before the answer that depends on it, so a committed
 * change never lacks its event and a token is never handed out unrecorded. Never a password.
 */

export type AuditEventName = (typeof auditEventEnum.enumValues)[number];

export interface AuditEvent {
  event: AuditEventName;
  username?: string | null;
  sessionId?: string | null;
  patientId?: string | null;
  appointmentId?: number | null;
  details?: Record<string, unknown>;
}

type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, "query">;

export async function recordAudit(db: Queryable, event: AuditEvent): Promise<void> {
  await db.query(
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
