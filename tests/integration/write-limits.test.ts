import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bookAppointment, changeAppointment } from "@/lib/appointments/writes";
import { closeDb } from "@/lib/db/client";
import { searchSync } from "@/lib/sync/search-sync";
import { TENANTS } from "../support/expected";
import { readSession, signedIn } from "./support/auth";
import { futureSlot, reseed } from "./support/writes";
import { routeSession } from "./support/route-session";
import { testDatabase } from "./support/database";

/**
 * The write limit and the booking caps, through the route handlers themselves on real Postgres and
 * Meilisearch (see support/route-session.ts).
 */
vi.mock("next-auth", async (importOriginal) =>
  (await import("./support/route-session")).withCookieSession(await importOriginal()),
);
const as = routeSession;

const APP = "http://localhost:3000";
const MISSING = 987_654_321;

const db = testDatabase("app");
const cookies: Record<string, string> = {};
beforeAll(async () => {
  for (const username of ["john", "zia", "kevin"]) cookies[username] = await signedIn(username);
});
afterAll(async () => {
  searchSync().stop();
  await db.query("delete from rate_limits");
  await reseed();
  await closeDb();
});
beforeEach(async () => {
  vi.unstubAllEnvs();
  await db.query("delete from rate_limits");
});

/** One app instance's write routes: a module graph of its own, sharing only Postgres. */
async function instance() {
  vi.resetModules();
  const [{ POST }, { PATCH }, { closeDb }, { searchSync: sync }] = await Promise.all([
    import("@/app/api/appointments/route"),
    import("@/app/api/appointments/[id]/route"),
    import("@/lib/db/client"),
    import("@/lib/sync/search-sync"),
  ]);
  const request = (method: string, path: string, body: unknown) =>
    new Request(`${APP}${path}`, {
      method,
      headers: { "content-type": "application/json", origin: APP },
      body: JSON.stringify(body),
    });
  return {
    book: (username: string, body: unknown) => {
      as.cookie = cookies[username];
      return POST(request("POST", "/api/appointments", body));
    },
    change: (username: string, id: number | string, body: unknown) => {
      as.cookie = cookies[username];
      return PATCH(request("PATCH", `/api/appointments/${id}`, body), { params: Promise.resolve({ id: String(id) }) });
    },
    /** Stops this instance's outbox worker (if a booking started it) and closes its pools. */
    close: async () => {
      sync().stop();
      await closeDb();
    },
  };
}

const statuses = (responses: Response[]) => responses.map((response) => response.status);
const count = (values: number[], value: number) => values.filter((v) => v === value).length;

async function rateLimitEvents(username: string) {
  const { rows } = await db.query(
    `select username, session_id, appointment_id::float8 as appointment_id, details from audit_events
     where event = 'write_rate_limited' and username = $1 order by id`,
    [username],
  );
  return rows;
}

describe("the write limit per user (RATE_LIMIT_WRITES_PER_MINUTE)", () => {
  it("answers 429 with Retry-After past the limit, records each refusal, and a refusal never counts", async () => {
    vi.stubEnv("RATE_LIMIT_WRITES_PER_MINUTE", "5");
    const app = await instance();
    const before = (await rateLimitEvents("john")).length;
    const cancel = { status: "cancelled" };
    // Five writes that reach the database (a missing id: 404), then refusals.
    const allowed = [];
    for (let i = 0; i < 5; i++) allowed.push(await app.change("john", MISSING, cancel));
    expect(statuses(allowed)).toEqual([404, 404, 404, 404, 404]);

    const refused = await app.change("john", MISSING, cancel);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      code: "rate_limited",
      message: `You are making changes too quickly. Try again in ${retryAfter} s.`,
    });

    // Ten more refusals: the count stays at the limit, and the wait does not grow.
    const more = [];
    for (let i = 0; i < 10; i++) more.push(await app.change("john", MISSING, cancel));
    expect(statuses(more)).toEqual(Array(10).fill(429));
    expect(Number(more.at(-1)!.headers.get("retry-after"))).toBeLessThanOrEqual(retryAfter);
    const { rows } = await db.query("select points from rate_limits where key = 'writesPerUser:5:user:john'");
    expect(rows).toEqual([{ points: 5 }]);

    // A booking is a write too: refused before anything is read or written.
    const appointments = Number((await db.query("select count(*) from appointments")).rows[0].count);
    const booking = await app.book("john", { doctorId: "d-patel", scheduledAt: futureSlot(1), reason: "x" });
    expect(booking.status).toBe(429);
    expect(Number((await db.query("select count(*) from appointments")).rows[0].count)).toBe(appointments);

    const sessionId = (await readSession(cookies.john!))!.sessionId;
    const events = (await rateLimitEvents("john")).slice(before);
    expect(events).toHaveLength(12);
    expect(events[0]).toEqual({
      username: "john",
      session_id: sessionId,
      appointment_id: MISSING,
      details: { write: "change", retryAfterSeconds: retryAfter },
    });
    expect(events.at(-1)).toMatchObject({ appointment_id: null, details: { write: "book" } });

    // Another user's budget is their own.
    expect((await app.change("zia", MISSING, cancel)).status).toBe(404);
    await app.close();
  });

  it("two instances share one count: 20 parallel writes, limit 8, exactly 8 pass", async () => {
    vi.stubEnv("RATE_LIMIT_WRITES_PER_MINUTE", "8");
    const [one, two] = [await instance(), await instance()];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).change("zia", MISSING, { status: "cancelled" })),
    );
    expect(count(statuses(responses), 404)).toBe(8);
    expect(count(statuses(responses), 429)).toBe(12);
    await Promise.all([one.close(), two.close()]);
  });

  it("is not met by a person using the page: 30 a minute by default", async () => {
    const app = await instance();
    const responses = [];
    for (let i = 0; i < 30; i++) responses.push(await app.change("kevin", MISSING, { status: "cancelled" }));
    expect(count(statuses(responses), 404)).toBe(30);
    expect((await app.change("kevin", MISSING, { status: "cancelled" })).status).toBe(429);
    await app.close();
  });
});

describe("booking caps (BOOKING_MAX_UPCOMING_PER_DOCTOR 3, BOOKING_MAX_UPCOMING 10 by default)", () => {
  let slot = 0;
  const body = (doctorId: string) => ({ doctorId, scheduledAt: futureSlot(slot++).toISOString(), reason: "cap" });
  const upcoming = async (patientId: string, doctorId?: string) =>
    Number(
      (
        await db.query(
          `select count(*) from appointments where patient_id = $1 and ($2::text is null or doctor_id = $2)
           and status in ('pending', 'confirmed') and scheduled_at > now()`,
          [patientId, doctorId ?? null],
        )
      ).rows[0].count,
    );

  it("a fourth upcoming booking with one doctor is 409 too_many_with_doctor; an eleventh in all, too_many_upcoming", async () => {
    vi.stubEnv("RATE_LIMIT_WRITES_PER_MINUTE", "1000");
    const app = await instance();
    expect(await upcoming("p-john")).toBe(0);
    for (let i = 0; i < 3; i++) expect([201, 202]).toContain((await app.book("john", body("d-patel"))).status);
    const fourth = await app.book("john", body("d-patel"));
    expect(fourth.status).toBe(409);
    expect(await fourth.json()).toEqual({
      code: "too_many_with_doctor",
      message:
        "You already have 3 upcoming appointments with Dr. Anika Patel, the most one patient can hold with one doctor. Cancel one, or choose another doctor.",
      field: "doctorId",
    });

    // Cancelling one frees a place; a reschedule adds nothing and is never refused by a cap.
    const { rows } = await db.query(
      "select id::float8 as id from appointments where patient_id = 'p-john' and doctor_id = 'd-patel' and status = 'pending' and scheduled_at > now() order by id",
    );
    expect([200, 202]).toContain((await app.change("john", rows[0].id, { status: "cancelled" })).status);
    const moved = await app.change("john", rows[1].id, { scheduledAt: futureSlot(500).toISOString() });
    expect([200, 202]).toContain(moved.status);
    expect([201, 202]).toContain((await app.book("john", body("d-patel"))).status);

    for (const doctorId of ["d-haddad", "d-haddad", "d-haddad", "d-moreau", "d-moreau", "d-moreau", "d-nowak"]) {
      expect([201, 202]).toContain((await app.book("john", body(doctorId))).status);
    }
    expect(await upcoming("p-john")).toBe(10);
    const eleventh = await app.book("john", body("d-silva"));
    expect(eleventh.status).toBe(409);
    expect(await eleventh.json()).toEqual({
      code: "too_many_upcoming",
      message: "You already have 10 upcoming appointments, the most one patient can hold. Cancel one to book another.",
    });
    await app.close();
  });

  it("counts only appointments still ahead: past ones do not hold a place", async () => {
    // John holds 3 with Dr. Patel (above). Seen from after they have all started, he holds none.
    const later = new Date(futureSlot(600).getTime());
    await expect(
      bookAppointment(
        TENANTS.john!,
        { doctorId: "d-patel", scheduledAt: futureSlot(700), reason: "later" },
        { now: later },
      ),
    ).resolves.toMatchObject({ appointment: { status: "pending" } });
  });

  it("20 parallel bookings by one patient with one doctor: exactly 3 succeed, 17 are refused", async () => {
    vi.stubEnv("RATE_LIMIT_WRITES_PER_MINUTE", "1000");
    const app = await instance();
    const responses = await Promise.all(Array.from({ length: 20 }, () => app.book("zia", body("d-okafor"))));
    const codes = await Promise.all(
      responses.map(async (response) => (response.ok ? response.status : (await response.json()).code)),
    );
    expect(codes.filter((code) => code === 201 || code === 202)).toHaveLength(3);
    expect(codes.filter((code) => code === "too_many_with_doctor")).toHaveLength(17);
    expect(await upcoming("p-zia", "d-okafor")).toBe(3);
    await app.close();
  });

  it("20 parallel bookings by one patient across five doctors: exactly 10 succeed", async () => {
    vi.stubEnv("RATE_LIMIT_WRITES_PER_MINUTE", "1000");
    const app = await instance();
    const doctors = ["d-patel", "d-haddad", "d-moreau", "d-nowak", "d-silva"];
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => app.book("kevin", body(doctors[i % 5]!))));
    expect(responses.filter((response) => response.ok)).toHaveLength(10);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(10);
    expect(await upcoming("p-kevin")).toBe(10);
    for (const doctorId of doctors) expect(await upcoming("p-kevin", doctorId)).toBeLessThanOrEqual(3);
    await app.close();
  });

  it("changing an appointment is never refused by a cap: a front desk reschedules one of Kevin's ten", async () => {
    const { rows } = await db.query(
      "select id::float8 as id from appointments where patient_id = 'p-kevin' and clinic_id = 'c-north' and status = 'pending' and scheduled_at > now() limit 1",
    );
    await expect(
      changeAppointment(TENANTS["front-desk-north"]!, rows[0].id, { scheduledAt: futureSlot(800).toISOString() }),
    ).resolves.toMatchObject({ appointment: { status: "pending" } });
  });
});

describe("the reason follows the text policy at the route", () => {
  it.each([
    ["U+202E, right-to-left override", "\u202e"],
    ["U+009B, control sequence introducer", "\u009b"],
    ["U+2028, line separator", "\u2028"],
  ])("a reason holding %s is 400, naming it, and nothing is stored", async (named, character) => {
    vi.stubEnv("RATE_LIMIT_WRITES_PER_MINUTE", "1000");
    const app = await instance();
    const appointments = Number((await db.query("select count(*) from appointments")).rows[0].count);
    const response = await app.book("zia", {
      doctorId: "d-brown",
      scheduledAt: futureSlot(900).toISOString(),
      reason: `Rash${character}gpj.exe`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "bad_request",
      message: `Invalid request body (reason: The reason contains a character that cannot be saved (${named}); remove it and try again.).`,
      field: "reason",
    });
    expect(Number((await db.query("select count(*) from appointments")).rows[0].count)).toBe(appointments);
    await app.close();
  });

  it("a reason of zero-width characters only is 400, as an empty one", async () => {
    vi.stubEnv("RATE_LIMIT_WRITES_PER_MINUTE", "1000");
    const app = await instance();
    const response = await app.book("zia", {
      doctorId: "d-brown",
      scheduledAt: futureSlot(901).toISOString(),
      reason: "\u200b\u200d\u2060\ufeff",
    });
    expect(await response.json()).toEqual({
      code: "bad_request",
      message: "Invalid request body (reason: Say briefly what the appointment is for.).",
      field: "reason",
    });
    await app.close();
  });
});
