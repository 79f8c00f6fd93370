import { createHash } from "node:crypto";
import { decodeJwt } from "jose";
import { expect, signInViaApi, test } from "./fixtures";
import { HOSTILE_APPOINTMENTS } from "./support/hostile-documents";
import { E2E_SEED_COUNT } from "./support/stack-info";

test.describe("POST /api/search-token", () => {
  test("answers 401 JSON without a session", async ({ request }) => {
    const response = await request.post("/api/search-token");
    expect(response.status()).toBe(401);
    expect(response.headers()["cache-control"]).toContain("no-store");
    expect(await response.json()).toEqual({ code: "unauthorized", message: expect.any(String) });
  });

  test("issues a short-lived token pinned to the session's patient", async ({ request, baseURL, stack }) => {
    await signInViaApi(request, "john", baseURL!);
    const before = Date.now();
    const response = await request.post("/api/search-token");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("no-store");
    expect(response.headers()["pragma"]).toBe("no-cache");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "host", "indexUid", "token"]);
    expect(body.host).toBe(stack.meiliHost);
    expect(body.indexUid).toBe("appointments");
    const expiresAt = Date.parse(body.expiresAt);
    expect(body.expiresAt).toBe(new Date(expiresAt).toISOString());
    expect(expiresAt - before).toBeGreaterThan(1190_000);
    expect(expiresAt - before).toBeLessThan(1210_000);
    const claims = decodeJwt(body.token);
    expect(claims.searchRules).toEqual({ appointments: { filter: 'patient_id = "p-john"' } });
    // Signed by this session's own parent key, whose uid is derived from the session's id and is
    // not the id itself (sessionKeyUid in lib/meilisearch/session-keys.ts, restated here).
    const session = await (await request.get("/api/auth/session")).json();
    const digest = createHash("sha256").update(`appointments session key:${session.sessionId}`).digest("hex");
    expect(claims.apiKeyUid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.apiKeyUid).not.toBe(session.sessionId);
    expect(String(claims.apiKeyUid).replaceAll("-", "").slice(0, 12)).toBe(digest.slice(0, 12));
  });

  test("takes the patient from the session only", async ({ request, baseURL }) => {
    await signInViaApi(request, "zia", baseURL!);
    // A tenant in the query string is ignored; in the body it is refused outright (400).
    const response = await request.post("/api/search-token?patientId=p-john&patient_id=p-john");
    expect(response.status()).toBe(200);
    const claims = decodeJwt((await response.json()).token);
    expect(claims.searchRules).toEqual({ appointments: { filter: 'patient_id = "p-zia"' } });
    const named = await request.post("/api/search-token", { data: { patientId: "p-john" } });
    expect(named.status()).toBe(400);
  });

  test("Zia cannot see John's appointment, even by asking Meilisearch for it", async ({ request, baseURL, stack }) => {
    await signInViaApi(request, "zia", baseURL!);
    const { token } = await (await request.post("/api/search-token")).json();
    const search = await request.post(`${stack.meiliHost}/indexes/appointments/search`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { q: "", limit: 1000, filter: 'patient_id = "p-john" OR doctor = "Dr. Anika Patel"' },
    });
    expect(search.status()).toBe(200);
    const hits = (await search.json()).hits as { id: number; patient_id: string }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.filter((hit) => hit.patient_id !== "p-zia")).toEqual([]);
    const document = await request.get(`${stack.meiliHost}/indexes/appointments/documents/1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(document.status()).toBe(403);
    expect((await document.json()).code).toBe("invalid_api_key");
  });

  test("answers 405 to other methods", async ({ request }) => {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const response = await request.fetch("/api/search-token", { method });
      expect(response.status(), method).toBe(405);
    }
  });
});

test("GET /api/health says up or down per dependency, and no counts", async ({ request, stack }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ status: "ok", dependencies: { database: "up", search: "up" } });
  // Counts would let anyone watch booking activity.
  expect(text).not.toMatch(/[0-9]/);
  // Read-only tests run before the writing ones (playwright.config.ts): the seed, exactly.
  const stats = await fetch(`${stack.meiliHost}/indexes/${stack.indexUid}/stats`, {
    headers: { Authorization: `Bearer ${stack.masterKey}` },
  });
  expect(((await stats.json()) as { numberOfDocuments: number }).numberOfDocuments).toBe(
    E2E_SEED_COUNT + HOSTILE_APPOINTMENTS.length,
  );
});
