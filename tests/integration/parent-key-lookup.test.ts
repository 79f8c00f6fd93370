import { decodeJwt } from "jose";
import { Meilisearch } from "meilisearch";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { issueTenantToken } from "@/lib/meilisearch/tenant-token";
import { search } from "../support/meili-http";

const { host, masterKey, indexUid, searchKeyUid } = inject("meili");
const admin = new Meilisearch({ host, apiKey: masterKey });
const john = { role: "patient", patientId: "p-john" } as const;

/** Calls the server made to Meilisearch's /keys routes, as "METHOD /path". The calls are real. */
function watchKeyCalls() {
  const spy = vi.spyOn(globalThis, "fetch");
  return () =>
    spy.mock.calls
      .map(([input, init]) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        return `${init?.method ?? "GET"} ${url.pathname}`;
      })
      .filter((call) => call.includes("/keys"));
}

describe("parent-key lookups are coalesced", () => {
  afterEach(() => vi.restoreAllMocks());

  it("twenty concurrent token requests while the key is missing make one lookup and one creation", async () => {
    await admin.deleteKey(searchKeyUid);
    const keyCalls = watchKeyCalls();

    const issued = await Promise.all(Array.from({ length: 20 }, () => issueTenantToken(john, { revalidateKey: true })));

    expect(keyCalls()).toEqual([`GET /keys/${searchKeyUid}`, "POST /keys"]);
    expect(issued).toHaveLength(20);
    expect(new Set(issued.map(({ token }) => decodeJwt(token).apiKeyUid))).toEqual(new Set([searchKeyUid]));
    const { status, body } = await search(host, issued[19]!.token, indexUid, { q: "" });
    expect(status).toBe(200);
    expect(body.hits.length).toBeGreaterThan(0);
  });

  it("a burst after the cache is filled makes no call at all", async () => {
    await issueTenantToken(john, { revalidateKey: true });
    const keyCalls = watchKeyCalls();
    await Promise.all(Array.from({ length: 20 }, () => issueTenantToken(john)));
    expect(keyCalls()).toEqual([]);
  });

  it("a failed lookup is shared too, and the next request tries again", async () => {
    await admin.deleteKey(searchKeyUid);
    await admin.createKey({ uid: searchKeyUid, actions: ["*"], indexes: [indexUid], expiresAt: null });
    const keyCalls = watchKeyCalls();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => issueTenantToken(john, { revalidateKey: true })),
    );
    expect(results.map((result) => result.status)).toEqual(Array(5).fill("rejected"));
    expect(keyCalls()).toEqual([`GET /keys/${searchKeyUid}`]);

    await admin.deleteKey(searchKeyUid);
    await expect(issueTenantToken(john, { revalidateKey: true })).resolves.toMatchObject({ indexUid });
  });
});
