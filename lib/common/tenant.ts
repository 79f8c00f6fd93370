/**
 * Who a signed-in user is, for search and writes: a role and the one id it is pinned by. It is read
 * from the account's row on every session read (never from the session cookie, and never from a
 * request).
 */
export type Tenant =
  { role: "patient"; patientId: string } | { role: "doctor"; doctorId: string } | { role: "clinic"; clinicId: string };

export type Role = Tenant["role"];

/** Tenant ids are server-assigned and allow-listed: quotes and spaces can never reach a filter or a query. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isTenantId(value: unknown): value is string {
  return typeof value === "string" && TENANT_ID_PATTERN.test(value);
}

/**
 * Each role's one tenant key: the attribute of the index a token pins (also the column of
 * `accounts` and `appointments` that holds the id) and the field of `Tenant` that holds it. The
 * one table of the mapping: everything else derives from it.
 */
const TENANT_KEYS = {
  patient: { attribute: "patient_id", field: "patientId" },
  doctor: { attribute: "doctor_id", field: "doctorId" },
  clinic: { attribute: "clinic_id", field: "clinicId" },
} as const satisfies { [R in Role]: { attribute: string; field: Exclude<keyof Extract<Tenant, { role: R }>, "role"> } };

/** Every role, in the table's order (also the database's `account_role` enum). */
export const ROLES = Object.keys(TENANT_KEYS) as [Role, ...Role[]];

export type TenantAttribute = (typeof TENANT_KEYS)[Role]["attribute"];
type TenantField = (typeof TENANT_KEYS)[Role]["field"];

/** The attributes a tenant token may pin. A fixed list, never a string from a request. */
export const TENANT_ATTRIBUTES: readonly TenantAttribute[] = Object.values(TENANT_KEYS).map((key) => key.attribute);

/** The one attribute each role is pinned to, and the id it is pinned by. */
export function tenantScope(tenant: Tenant): { attribute: TenantAttribute; id: string } {
  const { attribute, field } = TENANT_KEYS[tenant.role];
  return { attribute, id: (tenant as Partial<Record<TenantField, string>>)[field]! };
}

/**
 * The tenant of an account row (its role and its three id columns, of which the table's check
 * constraint guarantees exactly the role's own is set).
 */
export function tenantOfRow(row: { role: Role } & { [F in TenantField]: string | null }): Tenant {
  const { field } = TENANT_KEYS[row.role];
  return { role: row.role, [field]: row[field]! } as Tenant;
}
