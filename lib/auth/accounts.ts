import "server-only";
import { tenantOfRow, type Tenant } from "../common/tenant";
import { checkText } from "../common/text-policy";
import { findAccount, type AccountRow } from "../db/queries/accounts";
import { verifyPassword } from "./passwords";

const MAX_CREDENTIAL_LENGTH = 128;

/** A signed-in user as the session knows them. */
export interface SignedInAccount {
  username: string;
  displayName: string;
  tenant: Tenant;
}

/**
 * The one spelling of a username, used by the credential check and the sign-in rate limiter alike,
 * so that " JOHN", "john" and the full-width "ｊｏｈｎ" are one account and one failure counter.
 * Returns null for anything that cannot be a username (not a string, too long, or refused by the
 * text policy for names: empty, or holding a control, format, bidi or separator character).
 */
export function normalizeUsername(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const check = checkText(value.normalize("NFKC").toLowerCase(), { kind: "name", maxLength: MAX_CREDENTIAL_LENGTH });
  return check.ok ? check.text : null;
}

/** The tenant an account is pinned to; the table's check constraint guarantees exactly one id. */
export function tenantOf(row: Pick<AccountRow, "role" | "patientId" | "doctorId" | "clinicId">): Tenant {
  return tenantOfRow(row);
}

export type CredentialCheck =
  | { ok: true; account: SignedInAccount }
  /** `disabled` only once the password has matched: it tells nothing to someone guessing. */
  | { ok: false; reason: "invalid" | "disabled" };

/**
 * Checks a username and password. Always spends one scrypt, whether the username exists or not.
 * Throws when the database cannot be reached: the caller must not read that as "wrong password".
 */
export async function verifyCredentials(username: unknown, password: unknown): Promise<CredentialCheck> {
  const name = normalizeUsername(username);
  if (name === null || typeof password !== "string" || password.length > MAX_CREDENTIAL_LENGTH) {
    return { ok: false, reason: "invalid" };
  }
  const row = await findAccount(name);
  const matches = await verifyPassword(password, row?.passwordHash);
  if (!row || !matches) return { ok: false, reason: "invalid" };
  if (!row.active) return { ok: false, reason: "disabled" };
  return { ok: true, account: { username: row.username, displayName: row.displayName, tenant: tenantOf(row) } };
}
