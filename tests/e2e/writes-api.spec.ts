import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { expect, signInViaApi, test } from "./fixtures";

/**
 * The write API over HTTP, as the browser (or anyone holding a session cookie) calls it. The
 * browser flows are in writes.spec.ts; the role rules in full in tests/integration/writes.test.ts.
 */

const SLOT_MS = 30 * 60_000;
// Far past the seeded appointments (90 days ahead at most), at a random offset per run so parallel
// tests and re-runs on one stack never meet in a slot.
const BASE =
  Math.ceil((Date.now() + 200 * 86_400_000) / SLOT_MS) * SLOT_MS + Math.floor(Math.random() * 4_000) * SLOT_MS;
let next = 0;
const slot = () => new Date(BASE + next++ * SLOT_MS).toISOString();

const contexts: APIRequestContext[] = [];
async function as(username: string, baseURL: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  contexts.push(context);
  expect((await signInViaApi(context, username, baseURL)).status()).toBeLessThan(400);
  return context;
}
test.afterAll(async () => {
  for (const context of contexts) await context.dispose();
});

const json = (data: unknown, origin?: string) => ({
  data: JSON.stringify(data),
  headers: { "Content-Type": "application/json", ...(origin ? { Origin: origin } : {}) },
});

test.describe("POST /api/appointments", () => {
  test("books for the session's patient: 201, pending, no-store, searchable with the patient's token", async ({
    baseURL,
    stack,
  }) => {
    const john = await as("john", baseURL!);
    const reason = `Booked over HTTP ${BASE} <img src=x onerror=alert(1)>`;
    const response = await john.post(
      "/api/appointments",
      json({ doctorId: "d-patel", scheduledAt: slot(), reason }, baseURL),
    );
    expect([201, 202]).toContain(response.status());
    expect(response.headers()["cache-control"]).toContain("no-store");
    const { appointment, indexed } = await response.json();
    expect(indexed).toBe(response.status() === 201);
    expect(appointment).toMatchObject({
      patient_id: "p-john",
      status: "pending",
      details: reason,
      doctor_id: "d-patel",
    });

    const { token } = await (await john.post("/api/search-token")).json();
    const search = () =>
      fetch(`${stack.meiliHost}/indexes/${stack.indexUid}/search`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ filter: `id = ${appointment.id}` }),
      }).then(async (r) => ((await r.json()) as { hits: { id: number }[] }).hits.map((hit) => hit.id));
    if (indexed) expect(await search()).toEqual([appointment.id]);
    else await expect.poll(search, { timeout: 15_000 }).toEqual([appointment.id]);
  });

  test("takes the patient from the session only: a patientId in the body is refused (400)", async ({ baseURL }) => {
    const john = await as("john", baseURL!);
    const response = await john.post(
      "/api/appointments",
      json({ doctorId: "d-patel", scheduledAt: slot(), reason: "for Zia?", patientId: "p-zia" }, baseURL),
    );
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({ code: "bad_request", message: expect.stringContaining("patientId") });
  });

  test("answers 401 without a session, 403 to a doctor and a front desk", async ({ baseURL }) => {
    const body = json({ doctorId: "d-patel", scheduledAt: slot(), reason: "x" }, baseURL);
    const anonymous = await playwrightRequest.newContext({ baseURL });
    contexts.push(anonymous);
    expect((await anonymous.post("/api/appointments", body)).status()).toBe(401);
    for (const username of ["dr-patel", "front-desk-north"]) {
      const response = await (await as(username, baseURL!)).post("/api/appointments", body);
      expect(response.status()).toBe(403);
      expect((await response.json()).code).toBe("forbidden");
    }
  });

  test("accepts JSON from the app's own origin only: 415 for a form or text, 403 for another site", async ({
    baseURL,
  }) => {
    const john = await as("john", baseURL!);
    const body = { doctorId: "d-patel", scheduledAt: slot(), reason: "csrf" };
    const form = await john.post("/api/appointments", { form: body, headers: { Origin: baseURL! } });
    expect(form.status()).toBe(415);
    const text = await john.post("/api/appointments", {
      data: JSON.stringify(body),
      headers: { "Content-Type": "text/plain", Origin: baseURL! },
    });
    expect(text.status()).toBe(415);
    const crossSite = await john.post("/api/appointments", json(body, "https://evil.example"));
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.json()).toEqual({
      code: "forbidden",
      message: "This request must come from the app's own pages.",
    });
  });

  test("gives a slot to exactly one of 5 parallel bookings; the others get 409 slot_taken", async ({ baseURL }) => {
    const patients = await Promise.all(["john", "zia", "kevin"].map((username) => as(username, baseURL!)));
    const scheduledAt = slot();
    const responses = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        patients[i % 3]!.post(
          "/api/appointments",
          json({ doctorId: "d-okafor", scheduledAt, reason: `race ${i}` }, baseURL),
        ),
      ),
    );
    const statuses = responses.map((response) => response.status()).sort();
    expect(statuses.filter((status) => status === 201 || status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(4);
    const refused = await Promise.all(responses.filter((r) => r.status() === 409).map((r) => r.json()));
    expect(new Set(refused.map((body) => body.code))).toEqual(new Set(["slot_taken"]));
  });
});

test.describe("PATCH /api/appointments/<id>", () => {
  test("another tenant's id answers exactly like a missing one (404, same body)", async ({ baseURL }) => {
    const john = await as("john", baseURL!);
    const booked = await (
      await john.post("/api/appointments", json({ doctorId: "d-moreau", scheduledAt: slot(), reason: "mine" }, baseURL))
    ).json();
    const zia = await as("zia", baseURL!);
    const cancel = json({ status: "cancelled" }, baseURL);
    const foreign = await zia.patch(`/api/appointments/${booked.appointment.id}`, cancel);
    const missing = await zia.patch("/api/appointments/987654321", cancel);
    const malformed = await zia.patch("/api/appointments/1%20OR%201=1", cancel);
    for (const response of [foreign, missing, malformed]) {
      expect(response.status()).toBe(404);
      expect(await response.json()).toEqual({ code: "not_found", message: "No such appointment." });
    }
    // John's is untouched, and John may cancel it.
    const mine = await john.patch(`/api/appointments/${booked.appointment.id}`, cancel);
    expect([200, 202]).toContain(mine.status());
    expect((await mine.json()).appointment.status).toBe("cancelled");
  });

  test("a doctor confirms their own (200), and a second cancel of a cancelled one is 409", async ({ baseURL }) => {
    const zia = await as("zia", baseURL!);
    const booked = await (
      await zia.post(
        "/api/appointments",
        json({ doctorId: "d-patel", scheduledAt: slot(), reason: "confirm me" }, baseURL),
      )
    ).json();
    const doctor = await as("dr-patel", baseURL!);
    const confirmed = await doctor.patch(
      `/api/appointments/${booked.appointment.id}`,
      json({ status: "confirmed" }, baseURL),
    );
    expect([200, 202]).toContain(confirmed.status());
    expect((await confirmed.json()).appointment.status).toBe("confirmed");
    expect(
      (await zia.patch(`/api/appointments/${booked.appointment.id}`, json({ status: "cancelled" }, baseURL))).status(),
    ).toBeLessThan(300);
    const again = await zia.patch(`/api/appointments/${booked.appointment.id}`, json({ status: "cancelled" }, baseURL));
    expect(again.status()).toBe(409);
    expect((await again.json()).code).toBe("invalid_transition");
  });
});
