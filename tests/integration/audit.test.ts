import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { activateAccount, deactivateAccount } from "@/lib/auth/account-admin";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { bookAppointment, changeAppointment } from "@/lib/appointments/writes";
import { searchSync } from "@/lib/sync/search-sync";
import { asOwner } from "./support/as-owner";
import { endAllSessions, readSession, requestToken, signedIn, signIn, signOut } from "./support/auth";
import { futureSlot, reseed } from "./support/writes";
import { testDatabase } from "./support/database";

const db = testDatabase("owner");
/** The appointment John books below (the one `--patient p-john` must show being changed). */
let bookedId = 0;
afterAll(async () => {
  searchSync().stop();
  await db.query("update accounts set active = true");
  await reseed();
});

interface Event {
  event: string;
  username: string | null;
  session_id: string | null;
  patient_id: string | null;
  appointment_id: number | null;
  details: Record<string, unknown>;
}

/** The events recorded after `mark` (an audit_events id), oldest first. */
async function eventsSince(mark: number): Promise<Event[]> {
  const { rows } = await db.query<Event>(
    `select event::text, username, session_id, patient_id, appointment_id::float8 as appointment_id, details
     from audit_events where id > $1 order by id`,
    [mark],
  );
  return rows;
}
const lastId = async () => Number((await db.query("select coalesce(max(id), 0) as id from audit_events")).rows[0].id);

function npmRun(...args: string[]) {
  return spawnSync("npm", ["run", "--silent", ...args], { env: process.env, encoding: "utf8", timeout: 60_000 });
}

describe("the audit trail", () => {
  it("records sign-in, failures (never the password), token issuance, sign-out and revocations", async () => {
    await endAllSessions();
    const mark = await lastId();
    const cookie = await signedIn("zia");
    const sessionId = (await readSession(cookie))!.sessionId;
    await signIn(" ZIA", "guess-Hunter2");
    await signIn("nobody-here", "guess-Hunter2");
    const { grant } = await requestToken(cookie);
    await signOut(cookie);
    const other = await signedIn("zia");
    const otherId = (await readSession(other))!.sessionId;
    await revokeUserSessions("zia", "revoke_all", (ids) => ({
      event: "sessions_revoked",
      username: "zia",
      sessionId: otherId,
      details: { reason: "revoke_all", sessions: ids },
    }));

    expect(await eventsSince(mark)).toEqual([
      { event: "sign_in", username: "zia", session_id: sessionId, patient_id: null, appointment_id: null, details: {} },
      expect.objectContaining({ event: "sign_in_failed", username: "zia", details: { reason: "invalid" } }),
      expect.objectContaining({ event: "sign_in_failed", username: "nobody-here", details: { reason: "invalid" } }),
      {
        event: "token_issued",
        username: "zia",
        session_id: sessionId,
        patient_id: null,
        appointment_id: null,
        details: {
          searchRules: { appointments: { filter: 'patient_id = "p-zia"' } },
          expiresAt: grant!.expiresAt,
          scope: { attribute: "patient_id", id: "p-zia" },
          reason: "initial",
        },
      },
      expect.objectContaining({ event: "sign_out", username: "zia", session_id: sessionId }),
      expect.objectContaining({ event: "sign_in", username: "zia", session_id: otherId }),
      expect.objectContaining({
        event: "sessions_revoked",
        username: "zia",
        session_id: otherId,
        details: { reason: "revoke_all", sessions: [otherId] },
      }),
    ]);
    const { rows } = await db.query("select count(*)::int as n from audit_events where details::text like '%Hunter2%'");
    expect(rows[0].n).toBe(0);
  });

  it("records deactivation, a disabled account's attempt and activation", async () => {
    await endAllSessions(); // other files may have left kevin signed in
    const mark = await lastId();
    const sessionId = (await readSession(await signedIn("kevin")))!.sessionId;
    await asOwner(() => deactivateAccount("kevin"));
    await signIn("kevin");
    await asOwner(() => activateAccount("kevin"));
    expect(await eventsSince(mark)).toEqual([
      expect.objectContaining({ event: "sign_in", username: "kevin", session_id: sessionId }),
      expect.objectContaining({
        event: "account_deactivated",
        username: "kevin",
        details: { by: "cli", sessions: [sessionId], wasActive: true },
      }),
      expect.objectContaining({ event: "sign_in_failed", username: "kevin", details: { reason: "disabled" } }),
      expect.objectContaining({ event: "account_activated", username: "kevin", details: { by: "cli" } }),
    ]);
  });

  it("records appointment writes with the patient, the appointment and who made them", async () => {
    const mark = await lastId();
    const actor = { username: "john", sessionId: (await readSession(await signedIn("john")))!.sessionId };
    const scheduledAt = futureSlot(3_000);
    const { appointment } = await bookAppointment(
      { role: "patient", patientId: "p-john" },
      { doctorId: "d-patel", scheduledAt, reason: "Audit test" },
      { actor },
    );
    const doctor = { username: "dr-patel", sessionId: (await readSession(await signedIn("dr-patel")))!.sessionId };
    await changeAppointment(
      { role: "doctor", doctorId: "d-patel" },
      appointment.id,
      { status: "confirmed" },
      {
        actor: doctor,
      },
    );
    bookedId = appointment.id;
    const events = (await eventsSince(mark)).filter((e) => e.event.startsWith("appointment_"));
    const at = scheduledAt.toISOString();
    expect(events).toEqual([
      {
        event: "appointment_booked",
        username: "john",
        session_id: actor.sessionId,
        patient_id: "p-john",
        appointment_id: appointment.id,
        details: { doctorId: "d-patel", scheduledAt: at, status: "pending" },
      },
      {
        event: "appointment_changed",
        username: "dr-patel",
        session_id: doctor.sessionId,
        patient_id: "p-john",
        appointment_id: appointment.id,
        details: {
          action: "confirm",
          from: { status: "pending", scheduledAt: at },
          to: { status: "confirmed", scheduledAt: at },
        },
      },
    ]);
  });

  it("a write that fails records nothing: the event is in the write's transaction", async () => {
    const mark = await lastId();
    const taken = futureSlot(3_000); // booked above
    await expect(
      bookAppointment(
        { role: "patient", patientId: "p-zia" },
        { doctorId: "d-patel", scheduledAt: taken, reason: "x" },
      ),
    ).rejects.toMatchObject({ code: "slot_taken" });
    expect(await eventsSince(mark)).toEqual([]);
  });

  // The app's role holds no UPDATE, DELETE or TRUNCATE at all (database-roles.test.ts); the trigger
  // holds even for the table's owner.
  it("cannot be changed or emptied, not even by the table's owner", async () => {
    const id = await lastId();
    await expect(db.query("update audit_events set username = 'mallory' where id = $1", [id])).rejects.toThrow(
      "audit_events is append-only: UPDATE is not allowed",
    );
    await expect(db.query("delete from audit_events where id = $1", [id])).rejects.toThrow(
      "audit_events is append-only: DELETE is not allowed",
    );
    await expect(db.query("truncate audit_events")).rejects.toThrow(
      "audit_events is append-only: TRUNCATE is not allowed",
    );
    expect(await lastId()).toBe(id);
  });
});

describe("npm run audit", () => {
  const lines = (stdout: string) => stdout.trimEnd().split("\n");

  it("--user john prints john's whole trail as a table, oldest first", async () => {
    await requestToken(await signedIn("john"));
    const { rows } = await db.query<{ event: string; session_id: string | null }>(
      "select event::text, session_id from audit_events where username = 'john' order by id",
    );
    const run = npmRun("audit", "--", "--user", "john");
    expect(run.status).toBe(0);
    const [header, rule, ...body] = lines(run.stdout);
    expect(header).toMatch(/^at \(UTC\)\s+event\s+user\s+session\s+patient\s+appointment\s+what$/);
    expect(rule).toMatch(/^-+( +-+){6}$/);
    expect(body).toHaveLength(rows.length);
    body.forEach((line, i) => {
      const [at, event, user, session] = line.split(/ {2,}/);
      expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect([event, user, session]).toEqual([rows[i]!.event, "john", rows[i]!.session_id?.slice(0, 8) ?? "-"]);
    });
    expect(body.find((line) => line.includes("appointment_booked"))).toMatch(/p-john +\d+ +with d-patel at /);
    expect(body.find((line) => line.includes("token_issued"))).toMatch(/patient_id = "p-john" until \S+ \(initial\)$/);
  });

  it("--patient p-john prints who could read John's appointments, and who changed them", async () => {
    // A token of each kind that covers John: his own, his doctor's (he has an appointment with
    // d-patel, booked above), and his clinic's front desk; Zia's never does.
    for (const username of ["john", "dr-patel", "front-desk-north", "zia"])
      await requestToken(await signedIn(username));
    const run = npmRun("audit", "--", "--patient", "p-john");
    expect(run.status).toBe(0);
    const body = lines(run.stdout).slice(2);
    const tokens = body.filter((line) => line.includes("token_issued"));
    const readers = new Set(tokens.map((line) => line.split(/ {2,}/)[2]));
    expect(readers).toEqual(new Set(["john", "dr-patel", "front-desk-north"]));
    expect(tokens.some((line) => line.includes('doctor_id = "d-patel"'))).toBe(true);
    expect(tokens.some((line) => line.includes('clinic_id = "c-north"'))).toBe(true);
    const rows = body.map((line) => line.split(/ {2,}/)).filter((cells) => cells[5] === String(bookedId));
    // A reseed by another test file restarts the ids, so older rows may name the same id: this
    // file's booking is the newest one, and its change follows it.
    const booked = rows.map((cells) => cells[1]).lastIndexOf("appointment_booked");
    const changes = rows.slice(booked);
    expect(changes.map((cells) => [cells[1], cells[2]])).toEqual([
      ["appointment_booked", "john"],
      ["appointment_changed", "dr-patel"],
    ]);
    expect(run.stdout).not.toContain("p-zia");
  });

  it("explains how to use it", () => {
    const run = npmRun("audit");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Usage: npm run audit -- --user <username> | --patient <patient id>");
  });
});
