import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import type { Appointment } from "@/lib/common/appointments";
import { sessionKeyUid } from "@/lib/meilisearch/session-keys";
import { RETIRED_SHARED_KEY } from "../../lib/meilisearch/retired-shared-key";
import { RebuildError, settleTask } from "../../lib/sync/rebuild";
import { seedAppointments } from "../../devtools/seed";
import { expectedFor, TENANTS } from "../support/expected";
import { search } from "../support/meili-http";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";
import { tokenFor } from "./support/auth";
import { testDatabase } from "./support/database";
import { masterClient } from "./support/meilisearch";

const { host, indexUid } = inject("meili");
const admin = masterClient();
// The seed runs as the owner, as `npm run seed` does.
const databaseUrl = inject("database").ownerUrl;
const reseed = (extraAppointments?: Appointment[]) =>
  seedAppointments({
    client: admin,
    databaseUrl,
    extraAppointments,
    indexUid,
    count: TEST_SEED_COUNT,
    referenceTime: TEST_REFERENCE_TIME,
    batchSize: 500,
  });

const db = testDatabase("owner");
const countRows = async (table: string) =>
  (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

/** `npm run seed -- --count <count>` as a child process, with `env` (this process's by default). */
const runSeed = (count: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/seed.ts", "--count", count], {
    env,
    encoding: "utf8",
    timeout: 60_000,
  });

describe("seed", () => {
  it("is idempotent and leaves the sessions' keys (and so their tokens) alone", async () => {
    const { token, sessionId } = await tokenFor("zia");
    const keyBefore = await admin.getKey(sessionKeyUid(sessionId));
    await reseed();
    expect((await admin.index(indexUid).getStats()).numberOfDocuments).toBe(TEST_SEED_COUNT);
    expect(await countRows("appointments")).toBe(TEST_SEED_COUNT);
    expect(await countRows("accounts")).toBe(5);
    expect(await countRows("search_outbox")).toBe(0);
    expect((await admin.getKey(sessionKeyUid(sessionId))).key).toBe(keyBefore.key);
    const { status, body } = await search(host, token, indexUid);
    expect(status).toBe(200);
    expect(body.estimatedTotalHits).toBe(expectedFor(TENANTS.zia!, TEST_SEED_COUNT, TEST_REFERENCE_TIME).length);
    const { results } = await admin.getIndexes({ limit: 100 });
    expect(results.map((index) => index.uid).filter((uid) => uid.startsWith(indexUid))).toEqual([indexUid]);
  });

  it("swaps atomically: searches during a re-seed always see the full data", async () => {
    const { token } = await tokenFor("dr-patel");
    const expected = expectedFor(TENANTS["dr-patel"]!, TEST_SEED_COUNT, TEST_REFERENCE_TIME).length;
    let done = false;
    const seen: { status: number; total: number }[] = [];
    const watcher = (async () => {
      while (!done) {
        const { status, body } = await search(host, token, indexUid, { limit: 0 });
        seen.push({ status, total: body?.estimatedTotalHits });
      }
    })();
    await reseed();
    done = true;
    await watcher;
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((s) => s.status !== 200 || s.total !== expected)).toEqual([]);
  });

  it("deletes the shared parent key earlier versions signed every token with, and only that key", async () => {
    const legacy = { ...RETIRED_SHARED_KEY, actions: ["search"], indexes: [indexUid], expiresAt: null };
    await admin.createKey(legacy);
    await reseed();
    await expect(admin.getKey(RETIRED_SHARED_KEY.uid)).rejects.toMatchObject({ cause: { code: "api_key_not_found" } });
    // A key of someone else's that happens to have the uid is left alone.
    await admin.createKey({ ...legacy, name: "not-ours" });
    await reseed();
    await expect(admin.getKey(RETIRED_SHARED_KEY.uid)).resolves.toMatchObject({ name: "not-ours" });
    await admin.deleteKey(RETIRED_SHARED_KEY.uid);
  });

  it("names the step that failed, and leaves Postgres and the index as they were", async () => {
    const [valid] = expectedFor(TENANTS.kevin!, TEST_SEED_COUNT, TEST_REFERENCE_TIME);
    const orphan = { ...valid!, id: 990_001, doctor_id: "d-nobody" };
    const error = await reseed([orphan]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RebuildError);
    expect((error as Error).message).toMatch(
      /^Step "insert appointments \d+-990001 into Postgres" failed: .*foreign key/,
    );
    expect(await countRows("appointments")).toBe(TEST_SEED_COUNT);
    expect((await admin.index(indexUid).getStats()).numberOfDocuments).toBe(TEST_SEED_COUNT);
    const { results } = await admin.getIndexes({ limit: 100 });
    expect(results.map((index) => index.uid).filter((uid) => uid.startsWith(indexUid))).toEqual([indexUid]);
  });

  it("names the task that failed", async () => {
    const scratch = `seed_failure_${Date.now()}`;
    await settleTask(admin, "create scratch", admin.createIndex(scratch, { primaryKey: "id" }));
    try {
      const error = await settleTask(
        admin,
        "documents without ids",
        admin.index(scratch).addDocuments([{ title: "no id" }]),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RebuildError);
      expect((error as Error).message).toMatch(
        /^Task \d+ \(documents without ids\) failed: .*\[missing_document_id\]$/,
      );
    } finally {
      await admin.deleteIndex(scratch).waitTask();
    }
  });

  it("exits non-zero with one clear line when Meilisearch is unreachable", () => {
    const run = runSeed("10", { ...process.env, MEILI_HOST: "http://127.0.0.1:9", MEILI_MASTER_KEY: "x".repeat(24) });
    expect(run.status).toBe(1);
    const errorLines = run.stderr.split("\n").filter((line) => line.trim() && !line.includes("npm warn"));
    expect(errorLines).toEqual([
      expect.stringMatching(/^Seed failed: Cannot reach Meilisearch at http:\/\/127\.0\.0\.1:9 /),
    ]);
  });

  it("exits non-zero with one clear line when Postgres is unreachable", () => {
    const run = runSeed("10", {
      ...process.env,
      DATABASE_OWNER_URL: "postgres://owner:secret@127.0.0.1:9/appointments",
    });
    expect(run.status).toBe(1);
    const errorLines = run.stderr.split("\n").filter((line) => line.trim() && !line.includes("npm warn"));
    expect(errorLines).toEqual([
      expect.stringMatching(
        /^Seed failed: Cannot reach Postgres at postgres:\/\/owner:\*\*\*@127\.0\.0\.1:9\/appointments /,
      ),
    ]);
  });

  it("runs as the owner, and names DATABASE_OWNER_URL when it has none", () => {
    // DATABASE_URL is the app's role of a Postgres this folder's demo did not start.
    const run = runSeed("10");
    expect(run.status).toBe(1);
    const errorLines = run.stderr.split("\n").filter((line) => line.trim() && !line.includes("npm warn"));
    expect(errorLines[0]).toBe("Seed failed: Missing or invalid environment variables:");
    expect(errorLines[1]).toMatch(
      /^ {2}- DATABASE_OWNER_URL is missing: the Postgres connection URL of the role that owns the database, e\.g\. postgres:\/\/appointments_owner:/,
    );
  });

  it("refuses a bad --count", () => {
    const run = runSeed("lots");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--count must be a positive whole number, got "lots"/);
  });
});
