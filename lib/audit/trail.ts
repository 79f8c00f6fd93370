// The audit trail's queries are lib/db/queries/audit.ts. This path stays only while scripts/audit.ts
// imports it; delete it once that script imports findAuditEventsOfUser / findAuditEventsAboutPatient.
export {
  findAuditEventsAboutPatient as patientTrail,
  findAuditEventsOfUser as userTrail,
  type AuditRow,
} from "../db/queries/audit";
