import { getTableConfig, PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { ROLES, TENANT_ATTRIBUTES, tenantOfRow, tenantScope, type Role } from "@/lib/common/tenant";
import { accounts } from "@/lib/db/schema";

const ids = { patientId: null, doctorId: null, clinicId: null };

describe("the role -> tenant key table (lib/common/tenant.ts)", () => {
  it("pins each role by its own attribute, read back from an account row", () => {
    const rows = [
      { role: "patient", ...ids, patientId: "p-john" },
      { role: "doctor", ...ids, doctorId: "d-patel" },
      { role: "clinic", ...ids, clinicId: "c-north" },
    ] as const;
    expect(rows.map((row) => tenantScope(tenantOfRow(row)))).toEqual([
      { attribute: "patient_id", id: "p-john" },
      { attribute: "doctor_id", id: "d-patel" },
      { attribute: "clinic_id", id: "c-north" },
    ]);
    expect(TENANT_ATTRIBUTES).toEqual(["patient_id", "doctor_id", "clinic_id"]);
  });

  it("is what the accounts table's check constraint spells in SQL: each role with its own column only", () => {
    const check = getTableConfig(accounts).checks.find((c) => c.name === "accounts_one_tenant")!;
    // Drizzle names the columns by their schema keys here (patientId); drizzle-kit writes them snake_case.
    const text = new PgDialect().sqlToQuery(check.value).sql.replace(/\s+/g, " ");
    const clauses = text.split(" or ");
    const fields = Object.keys(ids);
    expect(clauses).toHaveLength(ROLES.length);
    ROLES.forEach((role: Role, index) => {
      const own = fields.find((field) => tenantOfRow({ role, ...ids, [field]: "x" })[field as never] === "x")!;
      expect(clauses[index]).toContain(`"accounts"."role" = '${role}' and "accounts"."${own}" is not null`);
      for (const other of fields.filter((field) => field !== own))
        expect(clauses[index]).toContain(`"accounts"."${other}" is null`);
    });
  });
});
