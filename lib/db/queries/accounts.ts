import "server-only";
import type { accounts } from "../schema";
import { pool, query, type Queryable } from "../client";

/** The `accounts` table: who may sign in, as what, pinned to which tenant. */

/** An account row, typed by the schema (camelCase, as every row here is returned). */
export type AccountRow = Omit<typeof accounts.$inferSelect, "createdAt">;

/** The account named `username` (already normalised), or undefined. */
export async function findAccount(username: string): Promise<AccountRow | undefined> {
  const { rows } = await query<AccountRow>(
    pool(),
    `select username, display_name as "displayName", password_hash as "passwordHash", role,
            patient_id as "patientId", doctor_id as "doctorId", clinic_id as "clinicId", active
     from accounts where username = $1`,
    [username],
  );
  return rows[0];
}

export interface AccountSummary {
  username: string;
  displayName: string;
  role: string;
  tenantId: string;
  active: boolean;
  liveSessions: number;
}

/** Every account with its number of live sessions, by username (`npm run users -- list`). */
export async function listAccountSummaries(): Promise<AccountSummary[]> {
  const { rows } = await query<AccountSummary>(
    pool(),
    `select a.username, a.display_name as "displayName", a.role::text as role,
            coalesce(a.patient_id, a.doctor_id, a.clinic_id) as "tenantId", a.active,
            (select count(*)::int from sessions s
             where s.username = a.username and s.revoked_at is null and s.expires_at > now()) as "liveSessions"
     from accounts a order by a.username`,
  );
  return rows;
}

/**
 * Switches the account on or off in the caller's transaction, the row locked first so concurrent
 * changes are decided one after the other. What it was before; undefined when there is no such account.
 */
export async function setAccountActive(
  tx: Queryable,
  username: string,
  active: boolean,
): Promise<{ wasActive: boolean } | undefined> {
  const { rows } = await query<{ wasActive: boolean }>(
    tx,
    `update accounts a set active = $2 from (select active from accounts where username = $1 for update) old
     where a.username = $1 returning old.active as "wasActive"`,
    [username, active],
  );
  return rows[0];
}
