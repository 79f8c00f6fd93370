import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Appointment } from "@/lib/common/appointments";
import type { TenantAttribute } from "@/lib/common/tenant";
import { documentsByIds } from "@/lib/db/queries/search-documents";
import { reindexFromDatabase, settleTask } from "../../lib/sync/rebuild";
import { testDatabase } from "./support/database";
import { masterClient } from "./support/meilisearch";

const { masterKey, indexUid } = inject("meili");
const admin = masterClient();
const databaseUrl = process.env.DATABASE_URL!;
const rebuild = () => reindexFromDatabase({ client: admin, databaseUrl, indexUid });

/**
 * `npm run reindex [-- --check]` as a child process, with this run's MEILI_HOST, DATABASE_URL and
 * MEILI_MASTER_KEY (a tool, not the app server: it creates and swaps indexes).
 */
function reindex(args: string[] = [], env: Record<string, string> = {}) {
  const run = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/reindex.ts", ...args], {
    env: { ...process.env, MEILI_MASTER_KEY: masterKey, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  const errorLines = run.stderr.split("\n").filter((line) => line.trim() && !line.includes("npm warn"));
  return { status: run.status, stdout: run.stdout, errorLines };
}

type Counts = { missing: number; extra: number; different: number };
const SECTIONS = { clinic: "clinic_id", doctor: "doctor_id", patient: "patient_id" } as const;

/** The per-tenant lines of a --check report: `{ patient: { "p-zia": { missing: 1, … } }, … }`. */
function tenantsInReport(stdout: string): Record<keyof typeof SECTIONS, Record<string, Counts>> {
  const found = { clinic: {}, doctor: {}, patient: {} } as Record<keyof typeof SECTIONS, Record<string, Counts>>;
  let section: keyof typeof SECTIONS | undefined;
  for (const line of stdout.split("\n")) {
    const heading = /^By (clinic|doctor|patient) \(/.exec(line);
    if (heading) section = heading[1] as keyof typeof SECTIONS;
    const row = /^ {2}(\S+)\s+(\d+) missing · (\d+) extra · (\d+) different {2}e\.g\. /.exec(line);
    if (section && row) found[section][row[1]!] = { missing: +row[2]!, extra: +row[3]!, different: +row[4]! };
  }
  return found;
}

/** What the per-tenant lines must say about these drifted documents, and nothing else. */
function expectedTenants(drifted: [keyof Counts, Appointment][]) {
  const expected = { clinic: {}, doctor: {}, patient: {} } as Record<keyof typeof SECTIONS, Record<string, Counts>>;
  for (const [section, attribute] of Object.entries(SECTIONS) as [keyof typeof SECTIONS, TenantAttribute][]) {
    for (const [kind, doc] of drifted) {
      const counts = (expected[section][doc[attribute]] ??= { missing: 0, extra: 0, different: 0 });
      counts[kind]++;
    }
  }
  return expected;
}

const db = testDatabase("app");
const outboxRows: number[] = [];
beforeAll(async () => {
  // Start from an index that matches Postgres, whatever the files before this one left.
  await rebuild();
});
afterAll(async () => {
  await db.query("delete from search_outbox where id = any($1::bigint[])", [outboxRows]);
  await rebuild();
});

describe("npm run reindex -- --check", () => {
  it("finds drift made behind the app's back, per tenant; npm run reindex repairs it", async () => {
    // Four appointments of four doctors and four patients, none with outbox history.
    const { rows } = await db.query<{ id: number }>(
      `with one_per_patient as (
         select distinct on (patient_id) id, doctor_id from appointments a
         where not exists (select 1 from search_outbox o where o.appointment_id = a.id)
         order by patient_id, id)
       select distinct on (doctor_id) id::float8 as id from one_per_patient order by doctor_id, id limit 4`,
    );
    const [removed, changed, copied, syncing] = await documentsByIds(
      db,
      rows.map((row) => row.id),
    );
    expect(new Set([removed, changed, copied, syncing].map((doc) => doc?.patient_id)).size).toBe(4);
    const extra: Appointment = { ...copied!, id: 990_001 };

    const index = admin.index(indexUid);
    await settleTask(admin, "delete one", index.deleteDocument(removed!.id));
    await settleTask(admin, "change one", index.updateDocuments([{ id: changed!.id, details: "Edited in the index" }]));
    await settleTask(admin, "add one", index.addDocuments([extra]));
    // A change committed in Postgres that the outbox has not sent yet is not drift.
    await settleTask(admin, "stale one", index.updateDocuments([{ id: syncing!.id, status: "cancelled" }]));
    const pending = await db.query<{ id: number }>(
      "insert into search_outbox (appointment_id) values ($1) returning id::float8 as id",
      [syncing!.id],
    );
    outboxRows.push(pending.rows[0]!.id);

    const check = reindex(["--check"]);
    expect(check.errorLines.filter((line) => !/^\d+% /.test(line))).toEqual([]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain("Drift: 1 missing · 1 extra · 1 different");
    expect(check.stdout).toContain(`missing   (in Postgres, not in the index): 1, e.g. ${removed!.id}\n`);
    expect(check.stdout).toContain(`extra     (in the index, not in Postgres): 1, e.g. 990001\n`);
    expect(check.stdout).toContain(`different (same id, a field differs): 1, e.g. ${changed!.id} (details)\n`);
    expect(tenantsInReport(check.stdout)).toEqual(
      expectedTenants([
        ["missing", removed!],
        ["different", changed!],
        ["extra", extra],
      ]),
    );
    expect(check.stdout).toMatch(new RegExp(`^1 change still syncing, not drift .*e\\.g\\. ${syncing!.id}$`, "m"));
    expect(check.stdout).toContain("Run `npm run reindex` to repair.");
    // The check changed nothing.
    expect(await index.getDocument(changed!.id)).toMatchObject({ details: "Edited in the index" });
    expect(await index.getDocument(990_001)).toBeTruthy();

    const repair = reindex();
    expect(repair.status).toBe(0);
    expect(repair.stdout).toMatch(/^ {2}Swapped appointments__seed_\d+ into appointments \(atomic\)$/m);
    const { n } = (await db.query<{ n: number }>("select count(*)::int as n from appointments")).rows[0]!;
    expect(repair.stdout).toMatch(new RegExp(`^Done: ${n.toLocaleString("en-US")} appointments in \\d+\\.\\d s`, "m"));

    const after = reindex(["--check"]);
    expect(after.status).toBe(0);
    expect(after.stdout).toContain("No drift: the index holds exactly what Postgres says it should.");
    // The outbox row is still pending, but the index already matches: nothing to report.
    expect(after.stdout).not.toContain("still syncing");
  });

  it("exits 1 with one clear line naming Postgres when the database is unreachable", () => {
    const env = { DATABASE_URL: "postgres://app:secret@127.0.0.1:9/appointments" };
    for (const [args, prefix] of [
      [["--check"], "Drift check failed"],
      [[], "Reindex failed"],
    ] as const) {
      const run = reindex([...args], env);
      expect(run.status).toBe(1);
      expect(run.errorLines).toEqual([
        expect.stringMatching(
          new RegExp(`^${prefix}: Cannot reach Postgres at postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:9/appointments `),
        ),
      ]);
    }
  });

  it("exits 1 with one clear line naming Meilisearch when the index is unreachable", () => {
    const run = reindex(["--check"], { MEILI_HOST: "http://127.0.0.1:9" });
    expect(run.status).toBe(1);
    expect(run.errorLines).toEqual([
      expect.stringMatching(/^Drift check failed: Cannot reach Meilisearch at http:\/\/127\.0\.0\.1:9 /),
    ]);
  });
});
