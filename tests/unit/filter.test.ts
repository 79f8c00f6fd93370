import { describe, expect, it } from "vitest";
import { isTenantId } from "@/lib/common/tenant";
import { InvalidTenantIdError, quoteFilterValue, tenantFilter, tenantFilterFor } from "@/lib/meilisearch/filter";

const HOSTILE_IDS = [
  'p-john" OR patient_id = "p-zia',
  "p-john' OR patient_id = 'p-zia",
  "p-john OR patient_id = p-zia",
  'p-john\\" OR patient_id = \\"p-zia',
  "p-john\npatient_id = p-zia",
  "p-john\r\n",
  "p-jöhn",
  "p-john\u0000",
  "",
  " ",
  "p john",
  "*",
  "x".repeat(65),
];

describe("tenantFilter", () => {
  it("quotes a valid id", () => {
    expect(tenantFilter("patient_id", "p-john")).toBe('patient_id = "p-john"');
    expect(tenantFilter("doctor_id", "d_patel-2")).toBe('doctor_id = "d_patel-2"');
  });

  it.each(HOSTILE_IDS)("refuses the hostile id %j", (id) => {
    expect(isTenantId(id)).toBe(false);
    expect(() => tenantFilter("patient_id", id)).toThrow(InvalidTenantIdError);
  });

  it("refuses non-strings", () => {
    expect(isTenantId(undefined)).toBe(false);
    expect(isTenantId(42)).toBe(false);
    expect(isTenantId({ toString: () => "p-john" })).toBe(false);
  });

  it("builds one filter per role from the tenant", () => {
    expect(tenantFilterFor({ role: "patient", patientId: "p-zia" })).toBe('patient_id = "p-zia"');
    expect(tenantFilterFor({ role: "doctor", doctorId: "d-patel" })).toBe('doctor_id = "d-patel"');
    expect(tenantFilterFor({ role: "clinic", clinicId: "c-north" })).toBe('clinic_id = "c-north"');
    expect(() => tenantFilterFor({ role: "patient", patientId: 'x" OR "1" = "1' })).toThrow(InvalidTenantIdError);
  });
});

describe("quoteFilterValue", () => {
  it("escapes double quotes so a value cannot close its string", () => {
    expect(quoteFilterValue('John" OR patient = "Zia')).toBe('"John\\" OR patient = \\"Zia"');
  });

  it("escapes backslashes first, so an escaped quote cannot be un-escaped", () => {
    expect(quoteFilterValue('a\\" OR x = "y')).toBe('"a\\\\\\" OR x = \\"y"');
    expect(quoteFilterValue("trailing\\")).toBe('"trailing\\\\"');
  });

  it("leaves every other character alone", () => {
    expect(quoteFilterValue("Zoë 'O'Brien'\n")).toBe("\"Zoë 'O'Brien'\n\"");
  });

  it("never leaves an unescaped quote inside the value", () => {
    for (const value of HOSTILE_IDS) {
      const inner = quoteFilterValue(value).slice(1, -1);
      // Every quote inside must be preceded by an odd number of backslashes.
      for (const match of inner.matchAll(/(\\*)"/g)) expect(match[1]!.length % 2).toBe(1);
    }
  });
});
