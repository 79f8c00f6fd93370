/**
 * Building Meilisearch filter expressions from values we do not fully control.
 *
 * A naive `patient_id = "${id}"` is injectable: an id of `x" OR patient_id = "y` widens the
 * filter to another tenant. Two independent defences, both applied:
 *  1. tenant ids must match an allow-list pattern, so quotes and spaces never get this far;
 *  2. values are quoted and escaped anyway, so the builder is safe on its own.
 */

export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The attributes a tenant token may pin. A fixed list, never a string from a request. */
export const TENANT_ATTRIBUTES = ["patient_id", "doctor_id", "clinic_id"] as const;
export type TenantAttribute = (typeof TENANT_ATTRIBUTES)[number];

export class InvalidTenantIdError extends Error {
  constructor(readonly value: string) {
    super(`Refusing to build a filter for a tenant id outside ${TENANT_ID_PATTERN}`);
    this.name = "InvalidTenantIdError";
  }
}

/** Wraps a value in double quotes, escaping `\` and `"` as Meilisearch's filter grammar expects. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function isTenantId(value: unknown): value is string {
  return typeof value === "string" && TENANT_ID_PATTERN.test(value);
}

/** `attribute = "id"` for one tenant; throws `InvalidTenantIdError` for anything off the allow-list. */
export function tenantFilter(attribute: TenantAttribute, id: string): string {
  if (!isTenantId(id)) throw new InvalidTenantIdError(id);
  return `${attribute} = ${quoteFilterValue(id)}`;
}
