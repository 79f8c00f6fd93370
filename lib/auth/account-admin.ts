import "server-only";
import { insertAuditEvent } from "../db/queries/audit";
import { listAccountSummaries, setAccountActive } from "../db/queries/accounts";
import { withTransaction } from "../db/transaction";
import { normalizeUsername } from "./accounts";
import { revokeUserSessions, type Revocation } from "./sessions";

/** What `npm run users` does. Each change is committed, and its keys deleted, before it returns. */

export const listAccounts = listAccountSummaries;

class UnknownAccountError extends Error {
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
    async (tx) => {
      const before = await setAccountActive(tx, name, false);
      if (!before) throw new UnknownAccountError(`No account "${name}".`);
      wasActive = before.wasActive;
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
  return withTransaction(async (tx) => {
    const before = await setAccountActive(tx, name, true);
    if (!before) throw new UnknownAccountError(`No account "${name}".`);
    await insertAuditEvent(tx, { event: "account_activated", username: name, details: { by: actor } });
    return { username: name, wasActive: before.wasActive };
  });
}
