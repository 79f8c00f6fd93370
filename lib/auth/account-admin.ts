import "server-only";
import { recordAudit } from "../audit/events";
import { pool, withTransaction } from "../db/client";
import { normalizeUsername } from "./accounts";
import { revokeUserSessions, type Revocation } from "./sessions";

/** What `npm run users` does. Each change is committed, and its keys deleted, before it returns. */

export interface AccountSummary {
  username: string;
  displayName: string;
  role: string;
  tenantId: string;
  active: boolean;
  liveSessions: number;
}

export async function listAccounts(): Promise<AccountSummary[]> {
  const { rows } = await pool().query<AccountSummary>(
    `select a.username, a.display_name as "displayName", a.role::text as role,
            coalesce(a.patient_id, a.doctor_id, a.clinic_id) as "tenantId", a.active,
            (select count(*)::int from sessions s
             where s.username = a.username and s.revoked_at is null and s.expires_at > now()) as "liveSessions"
     from accounts a order by a.username`,
  );
  return rows;
}

export class UnknownAccountError extends Error {
  override name = "UnknownAccountError";
}

function accountName(username: string): string {
  const name = normalizeUsername(username);
  if (name === null) throw new UnknownAccountError(`"${username}" cannot be a username.`);
  return name;
}

/**
 * Switches the account off, revokes all its sessions and deletes their keys, all before it
 * resolves. Its open pages lose search at their next request; signing in says it is disabled.
 */
export async function deactivateAccount(
  username: string,
  actor = "cli",
): Promise<Revocation & { username: string; wasActive: boolean }> {
  const name = accountName(username);
  let wasActive: boolean | undefined;
  const revocation = await revokeUserSessions(
    name,
    "deactivated",
    (ids) => ({ event: "account_deactivated", username: name, details: { by: actor, sessions: ids, wasActive } }),
    async (client) => {
      const { rows } = await client.query<{ was_active: boolean }>(
        `update accounts a set active = false from (select active from accounts where username = $1 for update) old
       where a.username = $1 returning old.active as was_active`,
        [name],
      );
      if (rows.length === 0) throw new UnknownAccountError(`No account "${name}".`);
      wasActive = rows[0]!.was_active;
    },
  );
  return { username: name, wasActive: wasActive!, ...revocation };
}

/** Switches the account back on: it can sign in again (its revoked sessions stay revoked). */
export async function activateAccount(
  username: string,
  actor = "cli",
): Promise<{ username: string; wasActive: boolean }> {
  const name = accountName(username);
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ was_active: boolean }>(
      `update accounts a set active = true from (select active from accounts where username = $1 for update) old
       where a.username = $1 returning old.active as was_active`,
      [name],
    );
    if (rows.length === 0) throw new UnknownAccountError(`No account "${name}".`);
    await recordAudit(client, { event: "account_activated", username: name, details: { by: actor } });
    return { username: name, wasActive: rows[0]!.was_active };
  });
}
