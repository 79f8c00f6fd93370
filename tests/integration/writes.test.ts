import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bookAppointment, changeAppointment } from "@/lib/appointments/writes";
import type { Tenant } from "@/lib/common/tenant";
import { closeDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { searchSync } from "@/lib/sync/search-sync";
import { TENANTS } from "../support/expected";
import { search } from "../support/meili-http";
import { tokenFor } from "./support/auth";
import { futureSlot, reseed } from "./support/writes";
import { DEMO_ACCOUNTS } from "@/lib/common/demo-accounts";
import { testDatabase } from "./support/database";

const { host, indexUid } = inject("meili");
const john = TENANTS.john!;
const zia = TENANTS.zia!;
const kevin = TENANTS.kevin!;
const drPatel = TENANTS["dr-patel"]!;
const drOkafor: Tenant = { role: "doctor", doctorId: "d-okafor" };
const northDesk = TENANTS["front-desk-north"]!;
const southDesk: Tenant = { role: "clinic", clinicId: "c-south" };

const db = testDatabase("app");
beforeAll(async () => {
  // The first Meilisearch task on a freshly swapped index can take over a second on a loaded
  // 2-core machine; one write up front keeps that one-off cost out of the timed-answer assertions.
  await bookAppointment(TENANTS.kevin!, { doctorId: "d-brown", scheduledAt: futureSlot(-1), reason: "warm-up" });
});
afterAll(async () => {
  searchSync().stop();
  await reseed();
  await closeDb();
});

/** The error a write failed with, as the route would answer it. */
async function failure(
  write: Promise<unknown>,
): Promise<{ status: number; code: string; message: string; field?: string }> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const { status, code, message, field } = error as AppError;
  return { status, code, message, field };
}

/** A token of a signed-in session of the demo account pinned to `tenant`, one per tenant. */
const tokens = new Map<Tenant, Promise<string>>();
function tokenOf(tenant: Tenant): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => JSON.stringify(a.tenant) === JSON.stringify(tenant));
  if (!account) throw new Error(`no demo account for ${JSON.stringify(tenant)}`);
  if (!tokens.has(tenant))
    tokens.set(
      tenant,
      tokenFor(account.username).then(({ token }) => token),
    );
  return tokens.get(tenant)!;
}

/** Ids of the documents this tenant's own token finds with `filter`, right now. */
async function visibleTo(tenant: Tenant, filter: string): Promise<number[]> {
  const token = await tokenOf(tenant);
  const { status, body } = await search(host, token, indexUid, { filter });
  expect(status).toBe(200);
  return body.hits.map((hit: { id: number }) => hit.id);
}

/**
 * The same, once the change is in the index. A write that answered `indexed: false` (202: over
 * 2 s, which a loaded machine can take) is still on its way; timing itself is `npm run bench`'s.
 */
async function eventuallyVisibleTo(tenant: Tenant, filter: string, expected: number[]): Promise<void> {
  await expect.poll(() => visibleTo(tenant, filter), { timeout: 15_000, interval: 100 }).toEqual(expected);
}

let slot = 0;
const book = (tenant: Tenant, doctorId = "d-patel", reason = `Integration booking ${slot}`) =>
  bookAppointment(tenant, { doctorId, scheduledAt: futureSlot(slot++), reason });

describe("booking", () => {
  it("books for the session's patient, pending, and answers once the patient's own token finds it", async () => {
    const { appointment, indexed } = await book(john, "d-patel", "Knee hurts <img src=x onerror=alert(1)>");
    expect(indexed).toBe(true);
    expect(appointment).toMatchObject({
      patient_id: "p-john",
      patient: "John",
      status: "pending",
      doctor_id: "d-patel",
      clinic_id: "c-north",
      details: "Knee hurts <img src=x onerror=alert(1)>",
    });
    // Read your writes: searchable with the writer's token the moment the call returns.
    expect(await visibleTo(john, `id = ${appointment.id}`)).toEqual([appointment.id]);
    expect(await visibleTo(zia, `id = ${appointment.id}`)).toEqual([]);
    const { rows } = await db.query(
      "select processed_at is not null as done from search_outbox where appointment_id = $1",
      [appointment.id],
    );
    expect(rows).toEqual([{ done: true }]);
  });

  it("is refused for doctors and front desks (403), and writes nothing", async () => {
    const before = (await db.query("select count(*)::int as n from appointments")).rows[0].n;
    for (const tenant of [drPatel, northDesk]) {
      expect(await failure(book(tenant))).toMatchObject({ status: 403, code: "forbidden" });
    }
    expect((await db.query("select count(*)::int as n from appointments")).rows[0].n).toBe(before);
  });

  it("refuses a time in the past, off the half hour, or too far ahead, and an unknown doctor (400)", async () => {
    const at = (scheduledAt: Date, doctorId = "d-patel") =>
      failure(bookAppointment(john, { doctorId, scheduledAt, reason: "x" }));
    expect(await at(new Date(Date.now() - 3_600_000))).toMatchObject({
      status: 400,
      message: "Choose a time in the future.",
      field: "scheduledAt",
    });
    expect(await at(new Date(futureSlot(900).getTime() + 10 * 60_000))).toMatchObject({
      status: 400,
      field: "scheduledAt",
    });
    expect(await at(new Date(Date.now() + 400 * 86_400_000))).toMatchObject({ status: 400, field: "scheduledAt" });
    expect(await at(futureSlot(901), "d-nobody")).toMatchObject({
      status: 400,
      message: "Unknown doctor. Choose one from the list.",
      field: "doctorId",
    });
  });

  it("gives one slot to exactly one of 8 concurrent bookings; the other 7 get 409 slot_taken", async () => {
    const scheduledAt = futureSlot(1_000);
    const patients = [john, zia, TENANTS.kevin!, john, zia, TENANTS.kevin!, john, zia];
    const results = await Promise.allSettled(
      patients.map((tenant, i) => bookAppointment(tenant, { doctorId: "d-moreau", scheduledAt, reason: `race ${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => (r.reason as AppError).code)).toEqual(Array(7).fill("slot_taken"));
    const { rows } = await db.query(
      "select count(*)::int as n from appointments where doctor_id = 'd-moreau' and scheduled_at = $1",
      [scheduledAt],
    );
    expect(rows[0].n).toBe(1);
    // Another doctor, same time: free.
    await expect(
      bookAppointment(john, { doctorId: "d-haddad", scheduledAt, reason: "other doctor" }),
    ).resolves.toMatchObject({ appointment: { doctor_id: "d-haddad", status: "pending" } });
  });

  it("frees the slot when the appointment is cancelled", async () => {
    const scheduledAt = futureSlot(1_010);
    const first = await bookAppointment(zia, { doctorId: "d-nowak", scheduledAt, reason: "first" });
    await changeAppointment(zia, first.appointment.id, { status: "cancelled" });
    await expect(bookAppointment(john, { doctorId: "d-nowak", scheduledAt, reason: "second" })).resolves.toMatchObject({
      appointment: { status: "pending" },
    });
  });
});

describe("changes, by role", () => {
  it("a patient cancels and reschedules their own upcoming appointment, and may not confirm it", async () => {
    const { appointment } = await book(john);
    expect(await failure(changeAppointment(john, appointment.id, { status: "confirmed" }))).toMatchObject({
      status: 409,
      code: "invalid_transition",
    });
    const moved = await changeAppointment(john, appointment.id, { scheduledAt: futureSlot(slot++).toISOString() });
    expect(moved.appointment.scheduled_at).toBeGreaterThan(appointment.scheduled_at);
    const cancelled = await changeAppointment(john, appointment.id, { status: "cancelled" });
    expect(cancelled.appointment.status).toBe("cancelled");
    await eventuallyVisibleTo(john, `id = ${appointment.id} AND status = "cancelled"`, [appointment.id]);
    // Final: no way back.
    expect(await failure(changeAppointment(john, appointment.id, { status: "cancelled" }))).toMatchObject({
      status: 409,
    });
  });

  it("a patient may not cancel a past appointment (409)", async () => {
    // Appointment 1 (John, pending) is in the past: the test data is laid out around January 2026.
    expect(await failure(changeAppointment(john, 1, { status: "cancelled" }))).toMatchObject({
      status: 409,
      code: "invalid_transition",
    });
  });

  it("a patient's reschedule asks the doctor to confirm again", async () => {
    const { appointment } = await book(zia);
    await changeAppointment(drPatel, appointment.id, { status: "confirmed" });
    const moved = await changeAppointment(zia, appointment.id, { scheduledAt: futureSlot(slot++).toISOString() });
    expect(moved.appointment.status).toBe("pending");
  });

  it("a doctor confirms, then (once it has started) completes, their own appointment; the patient's token sees each state", async () => {
    const { appointment } = await book(john);
    const confirmed = await changeAppointment(drPatel, appointment.id, { status: "confirmed" });
    expect(confirmed.appointment.status).toBe("confirmed");
    await eventuallyVisibleTo(john, `id = ${appointment.id} AND status = "confirmed"`, [appointment.id]);
    expect(
      await failure(changeAppointment(drPatel, appointment.id, { scheduledAt: futureSlot(slot++).toISOString() })),
    ).toMatchObject({
      status: 409,
    });
    const started = new Date(appointment.scheduled_at * 1000);
    const completed = await changeAppointment(drPatel, appointment.id, { status: "completed" }, { now: started });
    expect(completed.appointment.status).toBe("completed");
    await eventuallyVisibleTo(drPatel, `id = ${appointment.id} AND status = "completed"`, [appointment.id]);
  });

  it("a front desk reschedules and cancels within its clinic, keeping the status on a reschedule", async () => {
    const { appointment } = await book(TENANTS.kevin!, "d-haddad");
    await changeAppointment(northDesk, appointment.id, { status: "confirmed" });
    const moved = await changeAppointment(northDesk, appointment.id, { scheduledAt: futureSlot(slot++).toISOString() });
    expect(moved.appointment.status).toBe("confirmed");
    const cancelled = await changeAppointment(northDesk, appointment.id, { status: "cancelled" });
    expect(cancelled.appointment.status).toBe("cancelled");
  });

  it("gives one slot to exactly one of 6 concurrent reschedules into it", async () => {
    // Three each: the most one patient may hold with one doctor.
    const owners = [zia, zia, zia, TENANTS.kevin!, TENANTS.kevin!, TENANTS.kevin!];
    const booked = await Promise.all(owners.map((owner) => book(owner, "d-silva")));
    const target = futureSlot(1_100).toISOString();
    const results = await Promise.allSettled(
      booked.map(({ appointment }, i) => changeAppointment(owners[i]!, appointment.id, { scheduledAt: target })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      results
        .filter((r): r is PromiseRejectedResult => r.status === "rejected")
        .map((r) => (r.reason as AppError).code),
    ).toEqual(Array(5).fill("slot_taken"));
  });
});

describe("the clock: the rules of ACTION_RULES, through the real writes", () => {
  // Kevin with Dr. Haddad (North clinic, so its front desk may act too); each test leaves the
  // appointment completed or cancelled, so he stays under the booking caps.
  /** A booked appointment, confirmed by its doctor, and the instant it starts. */
  async function confirmedAppointment(tenant: Tenant = kevin) {
    const { appointment } = await book(tenant, "d-haddad");
    await changeAppointment({ role: "doctor", doctorId: "d-haddad" }, appointment.id, { status: "confirmed" });
    return { id: appointment.id, start: new Date(appointment.scheduled_at * 1000) };
  }
  const statusOf = async (id: number) =>
    (await db.query("select status::text from appointments where id = $1", [id])).rows[0].status;

  it("a doctor and a front desk cannot complete an appointment that has not started (409), and it stays confirmed", async () => {
    const { id } = await confirmedAppointment();
    for (const staff of [{ role: "doctor", doctorId: "d-haddad" } as Tenant, TENANTS["front-desk-north"]!]) {
      expect(await failure(changeAppointment(staff, id, { status: "completed" }))).toEqual({
        status: 409,
        code: "invalid_transition",
        message: 'This appointment has not started yet: "Mark completed" is possible from its start time.',
      });
    }
    expect(await statusOf(id)).toBe("confirmed");
    // So the patient can still cancel it.
    expect((await changeAppointment(kevin, id, { status: "cancelled" })).appointment.status).toBe("cancelled");
  });

  it("one second before the start, completing is refused; at the start it is allowed", async () => {
    const { id, start } = await confirmedAppointment();
    const doctor: Tenant = { role: "doctor", doctorId: "d-haddad" };
    expect(
      await failure(changeAppointment(doctor, id, { status: "completed" }, { now: new Date(start.getTime() - 1_000) })),
    ).toMatchObject({ status: 409 });
    await expect(changeAppointment(doctor, id, { status: "completed" }, { now: start })).resolves.toMatchObject({
      appointment: { status: "completed" },
    });
  });

  it.each([
    ["the patient cancels", kevin, { status: "cancelled" as const }, '"Cancel" is only possible before it starts.'],
    [
      "the doctor cancels",
      { role: "doctor", doctorId: "d-haddad" } as Tenant,
      { status: "cancelled" as const },
      '"Cancel" is only possible before it starts.',
    ],
    [
      "the front desk cancels",
      TENANTS["front-desk-north"]!,
      { status: "cancelled" as const },
      '"Cancel" is only possible before it starts.',
    ],
    ["the patient reschedules", kevin, "reschedule" as const, '"Reschedule" is only possible before it starts.'],
    [
      "the front desk reschedules",
      TENANTS["front-desk-north"]!,
      "reschedule" as const,
      '"Reschedule" is only possible before it starts.',
    ],
  ])("once it has started, %s: 409 in the past", async (_, tenant, change, why) => {
    const { id, start } = await confirmedAppointment();
    const later = new Date(start.getTime() + 60_000);
    const body = change === "reschedule" ? { scheduledAt: futureSlot(slot++, later.getTime()).toISOString() } : change;
    expect(await failure(changeAppointment(tenant, id, body, { now: later }))).toEqual({
      status: 409,
      code: "invalid_transition",
      message: `This appointment is in the past: ${why}`,
    });
    expect(await statusOf(id)).toBe("confirmed");
    // Really still ahead: cancelled now, so Kevin stays under the booking caps.
    await changeAppointment(kevin, id, { status: "cancelled" });
  });

  it("a pending appointment cannot be confirmed once it has started", async () => {
    const { appointment } = await book(kevin, "d-haddad");
    expect(
      await failure(
        changeAppointment(
          { role: "doctor", doctorId: "d-haddad" },
          appointment.id,
          { status: "confirmed" },
          {
            now: new Date(appointment.scheduled_at * 1000 + 1_000),
          },
        ),
      ),
    ).toMatchObject({
      status: 409,
      message: 'This appointment is in the past: "Confirm" is only possible before it starts.',
    });
    await changeAppointment(kevin, appointment.id, { status: "cancelled" });
  });
});

describe("another tenant's appointment answers exactly like a missing one", () => {
  const MISSING = 987_654_321;

  it.each([
    ["a patient", zia, john, "d-patel", { status: "cancelled" as const }],
    ["a doctor", drOkafor, john, "d-haddad", { status: "confirmed" as const }],
    ["a front desk", southDesk, john, "d-moreau", { status: "cancelled" as const }],
  ])(
    "%s outside the slice: 404, the same body as for an id that does not exist",
    async (_, outsider, owner, doctorId, change) => {
      const { appointment } = await book(owner, doctorId);
      const foreign = await failure(changeAppointment(outsider, appointment.id, change));
      const missing = await failure(changeAppointment(outsider, MISSING, change));
      expect(foreign).toEqual({ status: 404, code: "not_found", message: "No such appointment." });
      expect(foreign).toEqual(missing);
      // And nothing changed.
      const { rows } = await db.query("select status::text from appointments where id = $1", [appointment.id]);
      expect(rows).toEqual([{ status: "pending" }]);
    },
  );

  it("even when the change would not be allowed anyway (no state oracle through 409)", async () => {
    // Appointment 3 is Kevin's, confirmed, in the past: to John, it does not exist.
    expect(await failure(changeAppointment(john, 3, { status: "confirmed" }))).toMatchObject({ status: 404 });
  });
});
