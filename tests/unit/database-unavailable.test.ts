import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bookAppointment } from "@/lib/appointments/writes";
import { verifyCredentials } from "@/lib/auth/accounts";
import { limitWrites } from "@/lib/auth/rate-limit";
import { readSessionRecord } from "@/lib/auth/sessions";
import { closeDb, pool, query } from "@/lib/db/client";
import { DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/db/errors";
import { withAdvisoryLock, withTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/http/errors";

/**
 * Postgres unreachable (a port nothing listens on: the connection is refused at once), through
 * every way lib/ reaches it: each answers the same 503, with the same message.
 */

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  vi.stubEnv("DATABASE_URL", `postgres://appointments_app:secret@127.0.0.1:${await closedPort()}/appointments`);
  await closeDb();
});
afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
});

const UNAVAILABLE = { code: "database_unavailable", status: 503, message: DATABASE_UNAVAILABLE_MESSAGE };

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("Postgres unreachable", () => {
  it("says so in one message, which promises nothing was changed", () => {
    expect(DATABASE_UNAVAILABLE_MESSAGE).toBe(
      "The database cannot be reached right now, so nothing was changed. Please try again shortly.",
    );
  });

  it.each([
    ["a query", () => query(pool(), "select 1")],
    ["a transaction", () => withTransaction(async () => "never")],
    ["an advisory lock", () => withAdvisoryLock("sessionCleanup", async () => "never")],
    ["a try-lock", () => withAdvisoryLock("sessionCleanup", async () => "never", { wait: false })],
    ["a session read", () => readSessionRecord("00000000-0000-4000-8000-000000000000")],
    ["a credential check", () => verifyCredentials("john", "password")],
    ["the write limit's counter (rate-limiter-flexible's own query)", () => limitWrites("john")],
    [
      "a booking",
      () =>
        bookAppointment(
          { role: "patient", patientId: "p-john" },
          {
            doctorId: "d-1",
            scheduledAt: new Date(Math.ceil(Date.now() / 3_600_000 + 24) * 3_600_000),
            reason: "Check-up",
          },
        ),
    ],
  ])("%s: database_unavailable, 503", async (_, work) => {
    const error = await failure(work);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject(UNAVAILABLE);
    // The driver's own error is kept for the server's log.
    expect((error as AppError).cause).toMatchObject({ code: "ECONNREFUSED" });
  });
});
