import type { Appointment } from "../../lib/common/appointments";
import { tenantScope, type Tenant } from "../../lib/common/tenant";
import { generateAppointments } from "../../devtools/appointments-data";

/** The documents a tenant owns, computed from the generator rather than asked of Meilisearch. */
export function expectedFor(tenant: Tenant, count: number, referenceTime: number): Appointment[] {
  const { attribute, id } = tenantScope(tenant);
  return [...generateAppointments({ count, referenceTime })].filter((doc) => doc[attribute] === id);
}

export const TENANTS: Record<string, Tenant> = {
  john: { role: "patient", patientId: "p-john" },
  zia: { role: "patient", patientId: "p-zia" },
  kevin: { role: "patient", patientId: "p-kevin" },
  "dr-patel": { role: "doctor", doctorId: "d-patel" },
  "front-desk-north": { role: "clinic", clinicId: "c-north" },
};
