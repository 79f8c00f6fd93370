import { describe, expect, it } from "vitest";
import type { Appointment } from "../../lib/common/appointments";
import { differingFields, DriftTally, formatDriftReport, NO_TENANT } from "../../lib/sync/drift-report";

const doc = (overrides: Partial<Appointment> = {}): Appointment => ({
  id: 42,
  patient_id: "p-zia",
  patient: "Zia Khan",
  details: "Annual check-up",
  status: "confirmed",
  scheduled_at: 1_768_478_400,
  doctor_id: "d-patel",
  doctor: "Dr. Patel",
  department: "Cardiology",
  clinic_id: "c-north",
  clinic: "North Clinic",
  location: "Room 1",
  ...overrides,
});

const report = (tally: DriftTally) => ({
  tally,
  indexUid: "appointments",
  expectedDocuments: 2_000,
  indexDocuments: 2_001,
  seconds: 0.42,
});

describe("differingFields", () => {
  it("finds nothing between equal documents, whatever their key order", () => {
    const { id, ...rest } = doc();
    expect(differingFields(doc(), { ...rest, id })).toEqual([]);
  });

  it("names each field that differs, in the expected document's order", () => {
    expect(differingFields(doc(), doc({ status: "cancelled", details: "tampered" }))).toEqual(["details", "status"]);
  });

  it("compares numbers as numbers: a string of the same digits differs", () => {
    expect(differingFields(doc(), { ...doc(), id: "42", scheduled_at: "1768478400" })).toEqual(["id", "scheduled_at"]);
    expect(differingFields(doc(), { ...doc(), scheduled_at: 1_768_478_400.5 })).toEqual(["scheduled_at"]);
  });

  it("counts a field only one side has", () => {
    const withoutLocation: Partial<Appointment> = doc();
    delete withoutLocation.location;
    expect(differingFields(doc(), withoutLocation)).toEqual(["location"]);
    expect(differingFields(doc(), { ...doc(), _secret: "x" })).toEqual(["_secret"]);
    expect(differingFields(doc(), { ...doc(), location: null })).toEqual(["location"]);
  });

  it("compares arrays and objects by content", () => {
    expect(differingFields({ tags: ["a", "b"] }, { tags: ["a", "b"] })).toEqual([]);
    expect(differingFields({ tags: ["a", "b"] }, { tags: ["b", "a"] })).toEqual(["tags"]);
  });
});

describe("DriftTally", () => {
  it("counts a document once per tenant of either side", () => {
    const tally = new DriftTally();
    tally.record("different", 42, [doc(), doc({ patient_id: "p-john" })], ["patient_id"]);
    expect(tally.totals).toEqual({ missing: 0, extra: 0, different: 1 });
    expect([...tally.tenants.patient_id.keys()].sort()).toEqual(["p-john", "p-zia"]);
    expect(tally.tenants.clinic_id.get("c-north")).toEqual({ missing: 0, extra: 0, different: 1, examples: [42] });
    expect(tally.tenants.doctor_id.size).toBe(1);
  });

  it("files a document without a tenant attribute under (none)", () => {
    const tally = new DriftTally();
    tally.record("extra", "ghost", [{ id: "ghost" }]);
    expect([...tally.tenants.patient_id.keys()]).toEqual([NO_TENANT]);
    expect(tally.examples.extra).toEqual([{ id: "ghost" }]);
  });

  it("keeps a few examples, however much drift there is", () => {
    const tally = new DriftTally();
    for (let id = 1; id <= 1_000; id++) tally.record("missing", id, [doc({ id })]);
    expect(tally.totals.missing).toBe(1_000);
    expect(tally.examples.missing.map((example) => example.id)).toEqual([1, 2, 3, 4, 5]);
    expect(tally.tenants.patient_id.get("p-zia")).toMatchObject({ missing: 1_000, examples: [1, 2, 3] });
  });

  it("does not count changes still syncing as drift", () => {
    const tally = new DriftTally();
    tally.recordSyncing(7);
    expect(tally.hasDrift).toBe(false);
    expect(tally.syncing).toBe(1);
  });
});

describe("formatDriftReport", () => {
  it("says No drift, and nothing about repairing, when the two sides agree", () => {
    const lines = formatDriftReport(report(new DriftTally()));
    expect(lines).toEqual([
      'Compared 2,000 appointments in Postgres with 2,001 documents in index "appointments" (0.4 s)',
      "No drift: the index holds exactly what Postgres says it should.",
    ]);
  });

  it("lists totals with examples, then each tenant with drift, then the repair", () => {
    const tally = new DriftTally();
    tally.record("missing", 17, [doc({ id: 17, patient_id: "p-john" })]);
    tally.record("different", 42, [doc(), doc({ details: "tampered" })], ["details"]);
    tally.record("extra", 990_001, [doc({ id: 990_001, doctor_id: "d-lee" })]);
    const lines = formatDriftReport(report(tally));
    expect(lines).toContain("Drift: 1 missing · 1 extra · 1 different");
    expect(lines).toContain("  different (same id, a field differs): 1, e.g. 42 (details)");
    expect(lines).toContain("By clinic (1 clinic with drift):");
    expect(lines).toContain("  c-north  1 missing · 1 extra · 1 different  e.g. 17, 42, 990001");
    expect(lines).toContain("By doctor (2 doctors with drift):");
    expect(lines).toContain("  d-patel  1 missing · 0 extra · 1 different  e.g. 17, 42");
    expect(lines).toContain("  p-zia   0 missing · 1 extra · 1 different  e.g. 42, 990001");
    expect(lines.at(-1)).toBe("Run `npm run reindex` to repair.");
  });

  it("caps each tenant list, most drift first, and says how many more", () => {
    const tally = new DriftTally();
    for (let n = 1; n <= 25; n++)
      tally.record("missing", n, [doc({ id: n, patient_id: `p-${String(n).padStart(3, "0")}` })]);
    tally.record("missing", 26, [doc({ id: 26, patient_id: "p-025" })]);
    const lines = formatDriftReport(report(tally), { listLimit: 20 });
    const patients = lines.slice(lines.indexOf("By patient (25 patients with drift):") + 1);
    expect(patients[0]).toMatch(/^ {2}p-025 {2}2 missing/);
    expect(patients[1]).toMatch(/^ {2}p-001 {2}1 missing/);
    expect(patients[20]).toBe("  … and 5 more patients");
  });

  it("reports changes still syncing apart from drift", () => {
    const tally = new DriftTally();
    tally.recordSyncing(100);
    tally.recordSyncing(101);
    const lines = formatDriftReport(report(tally));
    expect(lines[1]).toMatch(/^No drift/);
    expect(lines[2]).toMatch(/^2 changes still syncing, not drift .*e\.g\. 100, 101$/);
  });
});
