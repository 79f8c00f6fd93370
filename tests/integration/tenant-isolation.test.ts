import { decodeJwt } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Appointment } from "@/lib/common/appointments";
import { tenantScope } from "@/lib/common/tenant";
import { sessionKeyUid } from "@/lib/meilisearch/session-keys";
import { generateAppointments } from "../../devtools/appointments-data";
import { expectedFor, TENANTS } from "../support/expected";
import { meiliRequest, search } from "../support/meili-http";
import { tokenFor } from "./support/auth";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";

const { host, indexUid } = inject("meili");
const tokens: Record<string, string> = {};
const sessionIds: Record<string, string> = {};
const ALL = [...generateAppointments({ count: TEST_SEED_COUNT, referenceTime: TEST_REFERENCE_TIME })];
// Meilisearch's default `faceting.maxValuesPerFacet`: a facet lists at most this many values.
const MAX_VALUES_PER_FACET = 100;

const ids = (docs: { id: number }[]) => docs.map((doc) => doc.id).sort((a, b) => a - b);

function countBy(docs: Appointment[], attribute: keyof Appointment): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs) counts.set(String(doc[attribute]), (counts.get(String(doc[attribute])) ?? 0) + 1);
  return counts;
}

/** The hits are exactly these documents: same ids, same count, none missing, none extra. */
function expectExactly(hits: { id: number }[], expected: Appointment[]) {
  expect(hits).toHaveLength(expected.length);
  expect(ids(hits)).toEqual(ids(expected));
}

beforeAll(async () => {
  // Each through a real sign-in (the TENANTS are named by their demo usernames) and token request.
  for (const name of Object.keys(TENANTS)) {
    const { token, sessionId } = await tokenFor(name);
    tokens[name] = token;
    sessionIds[name] = sessionId;
  }
});

describe.each(Object.keys(TENANTS))("%s's token", (name) => {
  const tenant = TENANTS[name]!;
  const { attribute, id } = tenantScope(tenant);
  const expected = expectedFor(tenant, TEST_SEED_COUNT, TEST_REFERENCE_TIME);

  it("carries exactly one search rule, for the appointments index, signed by its session's own key", () => {
    const claims = decodeJwt(tokens[name]!);
    expect(claims.searchRules).toEqual({ [indexUid]: { filter: `${attribute} = "${id}"` } });
    expect(claims.apiKeyUid).toBe(sessionKeyUid(sessionIds[name]!));
    expect(typeof claims.exp).toBe("number");
  });

  it("finds all of its own documents and nothing else", async () => {
    const { status, body } = await search(host, tokens[name]!, indexUid, { q: "" });
    expect(status).toBe(200);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.estimatedTotalHits).toBe(expected.length);
    expectExactly(body.hits, expected);
  });

  // Each filter tries to reach other tenants' documents; `keeps` is what it selects from the whole
  // seed, so the token must return exactly the tenant's own documents that it keeps.
  const widening: { filter: string | string[][]; keeps: (doc: Appointment) => boolean }[] = [
    { filter: `${attribute} = "${id}" OR ${attribute} != "${id}"`, keeps: () => true },
    { filter: `NOT ${attribute} = "${id}"`, keeps: (doc) => doc[attribute] !== id },
    {
      filter: 'patient_id = "p-zia" OR patient_id = "p-john" OR patient_id = "p-kevin"',
      keeps: (doc) => ["p-zia", "p-john", "p-kevin"].includes(doc.patient_id),
    },
    { filter: "scheduled_at >= 0", keeps: () => true },
    { filter: [["clinic_id = c-south", "clinic_id = c-north", "clinic_id = c-east"]], keeps: () => true },
  ];

  it.each(widening)("cannot widen its filter with $filter", async ({ filter, keeps }) => {
    const own = expected.filter(keeps);
    // The filter alone would reach other tenants' documents: otherwise this would prove nothing.
    expect(ALL.filter(keeps).length).toBeGreaterThan(own.length);
    const { status, body } = await search(host, tokens[name]!, indexUid, { filter });
    expect(status).toBe(200);
    expect(body.estimatedTotalHits).toBe(own.length);
    expectExactly(body.hits, own);
  });

  it("sees only its own values and counts in facets", async () => {
    const facets = ["patient_id", "doctor_id", "clinic_id", "status"] as const;
    const { status, body } = await search(host, tokens[name]!, indexUid, { facets, limit: 0 });
    expect(status).toBe(200);
    expect(body.facetDistribution[attribute]).toEqual({ [id]: expected.length });
    for (const facet of facets) {
      const own = countBy(expected, facet);
      const listed = Object.entries(body.facetDistribution[facet] as Record<string, number>);
      // A facet with more values than Meilisearch lists is cut off, so compare what is listed.
      expect(listed).toHaveLength(Math.min(own.size, MAX_VALUES_PER_FACET));
      for (const [value, count] of listed) expect([value, count]).toEqual([value, own.get(value)]);
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
    expectExactly(own.body.results[0].hits, expected);

    const other = await meiliRequest(host, "/multi-search", {
      token: tokens[name],
      method: "POST",
      body: {
        queries: [
          { indexUid, q: "" },
          { indexUid: "other-index", q: "" },
        ],
      },
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe("invalid_api_key");

    const federated = await meiliRequest(host, "/multi-search", {
      token: tokens[name],
      method: "POST",
      body: { federation: { limit: 1000 }, queries: [{ indexUid, q: "" }] },
    });
    expect(federated.status).toBe(200);
    expect(federated.body.estimatedTotalHits).toBe(expected.length);
    expectExactly(federated.body.hits, expected);
  });
});

describe("a token can do nothing but search", () => {
  const cases: { what: string; method: string; path: string; body?: unknown }[] = [
    { what: "list documents", method: "GET", path: `/indexes/${indexUid}/documents` },
    { what: "fetch documents", method: "POST", path: `/indexes/${indexUid}/documents/fetch`, body: {} },
    { what: "get one document", method: "GET", path: `/indexes/${indexUid}/documents/3` },
    {
      what: "add documents",
      method: "POST",
      path: `/indexes/${indexUid}/documents`,
      body: [{ id: 99999, patient_id: "p-john" }],
    },
    { what: "delete documents", method: "DELETE", path: `/indexes/${indexUid}/documents` },
    { what: "read settings", method: "GET", path: `/indexes/${indexUid}/settings` },
    {
      what: "change settings",
      method: "PATCH",
      path: `/indexes/${indexUid}/settings`,
      body: { filterableAttributes: [] },
    },
    { what: "list keys", method: "GET", path: "/keys" },
    { what: "read its parent key", method: "GET", path: "/keys/<its session id>" },
    { what: "create a key", method: "POST", path: "/keys", body: { actions: ["*"], indexes: ["*"], expiresAt: null } },
    { what: "list tasks", method: "GET", path: "/tasks" },
    { what: "read stats", method: "GET", path: "/stats" },
    { what: "read index stats", method: "GET", path: `/indexes/${indexUid}/stats` },
    { what: "list indexes", method: "GET", path: "/indexes" },
    { what: "delete the index", method: "DELETE", path: `/indexes/${indexUid}` },
    { what: "create a dump", method: "POST", path: "/dumps" },
  ];

  it.each(cases)("refuses to $what", async ({ method, path, body }) => {
    const url = path.replace("<its session id>", sessionIds.john!);
    const { status, body: error } = await meiliRequest(host, url, { token: tokens.john, method, body });
    expect(status).toBe(403);
    expect(error.code).toBe("invalid_api_key");
  });
});
