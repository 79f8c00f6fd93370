import "server-only";
import { isTenantId, TENANT_ID_PATTERN, tenantScope, type Tenant, type TenantAttribute } from "../common/tenant";

/**
 * Building Meilisearch filter expressions from values we do not fully control.
 *
 * A naive `patient_id = "${id}"` is injectable: an id of `x" OR patient_id = "y` widens the
 * filter to another tenant. Two independent defences, both applied:
 *  1. tenant ids must match an allow-list pattern (lib/common/tenant.ts), so quotes and spaces
 *     never get this far;
 *  2. values are quoted and escaped anyway, so the builder is safe on its own.
 */

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

/** `attribute = "id"` for one tenant; throws `InvalidTenantIdError` for anything off the allow-list. */
export function tenantFilter(attribute: TenantAttribute, id: string): string {
  if (!isTenantId(id)) throw new InvalidTenantIdError(id);
  return `${attribute} = ${quoteFilterValue(id)}`;
}

/** The filter Meilisearch ANDs into every search made with this tenant's token. */
export function tenantFilterFor(tenant: Tenant): string {
  const { attribute, id } = tenantScope(tenant);
  return tenantFilter(attribute, id);
}
