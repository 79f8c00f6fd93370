import { decodeJwt } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { issueTenantToken } from "@/lib/meilisearch/tenant-token";
import { tenantScope } from "@/lib/tenant";
import { expectedFor, TENANTS } from "../support/expected";
import { meiliRequest, search } from "../support/meili-http";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";

const { host, indexUid, searchKeyUid } = inject("meili");
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const [name, tenant] of Object.entries(TENANTS)) tokens[name] = (await issueTenantToken(tenant)).token;
});

describe.each(Object.keys(TENANTS))("%s's token", (name) => {
  const tenant = TENANTS[name]!;
  const { attribute, id } = tenantScope(tenant);
  const expected = expectedFor(tenant, TEST_SEED_COUNT, TEST_REFERENCE_TIME);

  it("carries exactly one search rule, for the appointments index", () => {
    const claims = decodeJwt(tokens[name]!);
    expect(claims.searchRules).toEqual({ [indexUid]: { filter: `${attribute} = "${id}"` } });
    expect(claims.apiKeyUid).toBe(searchKeyUid);
    expect(typeof claims.exp).toBe("number");
  });

  it("finds all of its own documents and nothing else", async () => {
    const { status, body } = await search(host, tokens[name]!, indexUid, { q: "" });
    expect(status).toBe(200);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.estimatedTotalHits).toBe(expected.length);
    expect(body.hits.map((hit: { id: number }) => hit.id).sort((a: number, b: number) => a - b)).toEqual(
      expected.map((doc) => doc.id).sort((a, b) => a - b),
    );
  });

  it("cannot widen its filter with OR, NOT or a different attribute", async () => {
    for (const filter of [
      `${attribute} = "${id}" OR ${attribute} != "${id}"`,
      `NOT ${attribute} = "${id}"`,
      'patient_id = "p-zia" OR patient_id = "p-john" OR patient_id = "p-kevin"',
      "scheduled_at >= 0",
      [["clinic_id = c-south", "clinic_id = c-north", "clinic_id = c-east"]],
    ]) {
      const { status, body } = await search(host, tokens[name]!, indexUid, { filter });
      expect(status).toBe(200);
      for (const hit of body.hits) expect(hit[attribute]).toBe(id);
    }
  });

  it("sees only its own values and counts in facets", async () => {
    const { body } = await search(host, tokens[name]!, indexUid, { facets: ["patient_id", "doctor_id", "clinic_id", "status"], limit: 0 });
    expect(Object.keys(body.facetDistribution[attribute])).toEqual([id]);
    expect(body.facetDistribution[attribute][id]).toBe(expected.length);
    // Other attributes' facets (at most 100 values each) only hold values of its own documents.
    for (const facet of ["patient_id", "doctor_id", "clinic_id", "status"] as const) {
      const own = new Set(expected.map((doc) => doc[facet]));
      for (const value of Object.keys(body.facetDistribution[facet])) expect(own).toContain(value);
    }
  });

  it("sees only its own values in facet search", async () => {
    const { status, body } = await meiliRequest(host, `/indexes/${indexUid}/facet-search`, {
      token: tokens[name],
      method: "POST",
      body: { facetName: "doctor", facetQuery: "" },
    });
    expect(status).toBe(200);
    const doctors = new Map<string, number>();
    for (const doc of expected) doctors.set(doc.doctor, (doctors.get(doc.doctor) ?? 0) + 1);
    expect(Object.fromEntries(body.facetHits.map((h: { value: string; count: number }) => [h.value, h.count]))).toEqual(
      Object.fromEntries(doctors),
    );
  });

  it("is filtered in multi-search, and cannot reach another index", async () => {
    const own = await meiliRequest(host, "/multi-search", {
      token: tokens[name],
      method: "POST",
      body: { queries: [{ indexUid, q: "", limit: 1000, filter: "scheduled_at >= 0" }] },
    });
    expect(own.status).toBe(200);
    for (const hit of own.body.results[0].hits) expect(hit[attribute]).toBe(id);

    const other = await meiliRequest(host, "/multi-search", {
      token: tokens[name],
      method: "POST",
      body: { queries: [{ indexUid, q: "" }, { indexUid: "other-index", q: "" }] },
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe("invalid_api_key");

    const federated = await meiliRequest(host, "/multi-search", {
      token: tokens[name],
      method: "POST",
      body: { federation: {}, queries: [{ indexUid, q: "" }] },
    });
    if (federated.status === 200) for (const hit of federated.body.hits) expect(hit[attribute]).toBe(id);
  });
});

describe("a token can do nothing but search", () => {
  const cases: { what: string; method: string; path: string; body?: unknown }[] = [
    { what: "list documents", method: "GET", path: `/indexes/${indexUid}/documents` },
    { what: "fetch documents", method: "POST", path: `/indexes/${indexUid}/documents/fetch`, body: {} },
    { what: "get one document", method: "GET", path: `/indexes/${indexUid}/documents/3` },
    { what: "add documents", method: "POST", path: `/indexes/${indexUid}/documents`, body: [{ id: 99999, patient_id: "p-john" }] },
    { what: "delete documents", method: "DELETE", path: `/indexes/${indexUid}/documents` },
    { what: "read settings", method: "GET", path: `/indexes/${indexUid}/settings` },
    { what: "change settings", method: "PATCH", path: `/indexes/${indexUid}/settings`, body: { filterableAttributes: [] } },
    { what: "list keys", method: "GET", path: "/keys" },
    { what: "read its parent key", method: "GET", path: `/keys/${searchKeyUid}` },
    { what: "create a key", method: "POST", path: "/keys", body: { actions: ["*"], indexes: ["*"], expiresAt: null } },
    { what: "list tasks", method: "GET", path: "/tasks" },
    { what: "read stats", method: "GET", path: "/stats" },
    { what: "read index stats", method: "GET", path: `/indexes/${indexUid}/stats` },
    { what: "list indexes", method: "GET", path: "/indexes" },
    { what: "delete the index", method: "DELETE", path: `/indexes/${indexUid}` },
    { what: "create a dump", method: "POST", path: "/dumps" },
  ];

  it.each(cases)("refuses to $what", async ({ method, path, body }) => {
    const { status, body: error } = await meiliRequest(host, path, { token: tokens.john, method, body });
    expect(status).toBe(403);
    expect(error.code).toBe("invalid_api_key");
  });
});
