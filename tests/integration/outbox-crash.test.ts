import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, inject, it } from "vitest";
import { futureSlot, reseed } from "./support/writes";
import { testDatabase } from "./support/database";
import { masterClient } from "./support/meilisearch";

// No worker runs in this test process: the two app processes below are the only ones.
const { indexUid } = inject("meili");
const admin = masterClient();
const TSX = ["tsx", "--conditions=react-server"];

const db = testDatabase("app");
afterAll(async () => {
  await reseed();
});

const indexed = (id: number) =>
  admin
    .index(indexUid)
    .getDocument(id)
    .then(
      () => true,
      () => false,
    );

describe("the outbox", () => {
  it("loses nothing when the app dies between the commit and the index update", async () => {
    const reason = `Crash test ${Date.now()}`;
    // 1. An app process commits a booking while Meilisearch is out of its reach, and is killed.
    const app = spawn(
      "npx",
      [...TSX, "tests/integration/fixtures/book-then-hang.ts", futureSlot(2_000).toISOString(), reason],
      {
        env: { ...process.env, MEILI_HOST: "http://127.0.0.1:9" },
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
      },
    );
    const [line] = (await once(createInterface({ input: app.stdout! }), "line")) as [string];
    const booked = JSON.parse(line) as { id: number; indexed: boolean };
    process.kill(-app.pid!, "SIGKILL");
    await once(app, "exit");
    expect(booked.indexed).toBe(false);

    // 2. Committed in Postgres, pending in the outbox, absent from the index.
    const { rows } = await db.query(
      "select a.details, o.processed_at from appointments a join search_outbox o on o.appointment_id = a.id where a.id = $1",
      [booked.id],
    );
    expect(rows).toEqual([{ details: reason, processed_at: null }]);
    expect(await indexed(booked.id)).toBe(false);

    // 3. The app starts again: its startup hook drains the outbox, and the change arrives.
    const restart = spawnSync("npx", [...TSX, "tests/integration/fixtures/restart-app.ts"], {
      env: { ...process.env, NEXT_RUNTIME: "nodejs", NEXTAUTH_SECRET: randomBytes(32).toString("base64url") },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(restart.stdout.trim()).toBe("drained");
    expect(restart.status).toBe(0);
    const doc = await admin.index(indexUid).getDocument(booked.id);
    expect(doc).toMatchObject({ id: booked.id, details: reason, patient_id: "p-kevin", status: "pending" });
    const after = await db.query(
      "select processed_at is not null as done from search_outbox where appointment_id = $1",
      [booked.id],
    );
    expect(after.rows).toEqual([{ done: true }]);
  });
});
