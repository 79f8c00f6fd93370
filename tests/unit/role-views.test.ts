import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../lib/common/demo-accounts";
import { APPOINTMENT_SETTINGS, type Appointment } from "../../lib/common/appointments";
import { ROLE_VIEWS, searchPlaceholder } from "../../lib/common/role-views";
import { tenantScope } from "../../lib/common/tenant";
import { generateAppointments, todayUtc } from "../../devtools/appointments-data";

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/** Whether a word of a searchable attribute starts with `example`: how Meilisearch matches a one-word query. */
function matches(doc: Appointment, example: string): boolean {
  const wanted = fold(example);
  return APPOINTMENT_SETTINGS.searchableAttributes.some((attribute) =>
    fold(String(doc[attribute as keyof Appointment]))
      .split(/[^\p{L}\p{N}]+/u)
      .some((word) => word.startsWith(wanted)),
  );
}

describe("the examples each role is shown", () => {
  // The e2e stack's size and `npm run demo`'s.
  for (const count of [3_000, 10_000]) {
    const documents = [...generateAppointments({ count, referenceTime: todayUtc() })];
    for (const account of DEMO_ACCOUNTS.filter((candidate) => ROLE_VIEWS[candidate.tenant.role].examples.length > 0)) {
      const view = ROLE_VIEWS[account.tenant.role];
      it(`find something for ${account.username} at ${count.toLocaleString("en-US")} appointments`, () => {
        const { attribute, id } = tenantScope(account.tenant);
        const own = documents.filter((doc) => doc[attribute] === id);
        for (const example of view.examples)
          expect(own.filter((doc) => matches(doc, example)).length, example).toBeGreaterThan(0);
      });
    }
  }

  it("a matcher that would have caught the old front-desk example", () => {
    const north = [...generateAppointments({ count: 10_000 })].filter((doc) => doc.clinic_id === "c-north");
    expect(north.filter((doc) => matches(doc, "knee"))).toHaveLength(0);
    expect(north.filter((doc) => matches(doc, "rash")).length).toBeGreaterThan(0);
  });

  it("appear in the placeholder", () => {
    expect(searchPlaceholder(ROLE_VIEWS.doctor)).toBe("Symptom or patient, e.g. fever, Zia");
    expect(searchPlaceholder(ROLE_VIEWS.patient)).toBe("Symptom, doctor or clinic");
  });
});
