import { tenantFilter, type TenantAttribute } from "./filter";

/**
 * Who a signed-in user is, for search purposes. It is read from the account's row on every session
 * read (never from the session cookie, and never from a request).
 */
export type Tenant =
  { role: "patient"; patientId: string } | { role: "doctor"; doctorId: string } | { role: "clinic"; clinicId: string };

export type Role = Tenant["role"];

/** The one attribute each role is pinned to, and the id it is pinned by. */
export function tenantScope(tenant: Tenant): { attribute: TenantAttribute; id: string } {
  switch (tenant.role) {
    case "patient":
      return { attribute: "patient_id", id: tenant.patientId };
    case "doctor":
      return { attribute: "doctor_id", id: tenant.doctorId };
    case "clinic":
      return { attribute: "clinic_id", id: tenant.clinicId };
  }
}

/** The filter Meilisearch ANDs into every search made with this tenant's token. */
export function tenantFilterFor(tenant: Tenant): string {
  const { attribute, id } = tenantScope(tenant);
  return tenantFilter(attribute, id);
}
