import type { Tenant } from "./tenant";

/**
 * The demo accounts as anyone may see them: the login page lists them, `npm run demo` prints them,
 * and tests and benchmarks sign in with them. Their password hashes are not here: the seed writes
 * them (DEMO_PASSWORD_HASHES, devtools/demo-account-hashes.ts) into the `accounts` table, the
 * only place sign-in reads a hash from.
 */

export const DEMO_PASSWORD = "demo1234";

export interface DemoAccount {
  username: string;
  displayName: string;
  tenant: Tenant;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: "john", displayName: "John", tenant: { role: "patient", patientId: "p-john" } },
  { username: "zia", displayName: "Zia", tenant: { role: "patient", patientId: "p-zia" } },
  { username: "kevin", displayName: "Kevin", tenant: { role: "patient", patientId: "p-kevin" } },
  { username: "dr-patel", displayName: "Dr. Anika Patel", tenant: { role: "doctor", doctorId: "d-patel" } },
  {
    username: "front-desk-north",
    displayName: "Front desk, North clinic",
    tenant: { role: "clinic", clinicId: "c-north" },
  },
];
