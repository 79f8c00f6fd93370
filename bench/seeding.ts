/**
 * 3. Seeding: `seedAppointments()` (the code behind `npm run seed`, run as a child process) against
 * a raw floor that posts the same documents as pre-built NDJSON batches straight to the documents
 * endpoint and waits for the tasks. Both create their index and apply the same settings first,
 * so both pay for the same indexing work. They alternate within every round.
 */
import path from "node:path";
import type { Meilisearch } from "meilisearch";
import { APPOINTMENT_SETTINGS } from "../lib/common/appointments";
import { generateAppointments, todayUtc } from "../devtools/appointments-data";
import { settleTask } from "../lib/sync/rebuild";
import { ROOT } from "../devtools/local-env";
import { exitCode } from "../devtools/processes";
import { spawnManaged } from "./lib/processes";
import { spread, type Spread } from "./lib/stats";

export interface SeedRow {
  documents: number;
  seedRate: Spread;
  rawRate: Spread;
  /** seed rate / raw rate, per round. */
  ratio: Spread;
  peakRssMB: Spread;
}

const BATCH_SIZE = 10_000;
const RAW_INDEX = "bench_raw_ndjson";

interface SeedRun {
  seconds: number;
  peakRssMB: number;
}

async function runSeedChild(
  meili: { host: string; masterKey: string },
  databaseUrl: string,
  indexUid: string,
  count: number,
  referenceTime: number,
): Promise<SeedRun> {
  const seed = spawnManaged(
    "seed",
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", path.join(ROOT, "bench", "seed-child.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_MEILI_HOST: meili.host,
        BENCH_MEILI_KEY: meili.masterKey,
        BENCH_DATABASE_URL: databaseUrl,
        BENCH_INDEX: indexUid,
        BENCH_COUNT: String(count),
        BENCH_REFERENCE_TIME: String(referenceTime),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  seed.child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await exitCode(seed.child);
  await seed.stop();
  const line = output.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`seed child failed (exit ${code}): ${output.slice(-500)}`);
  return JSON.parse(line) as SeedRun;
}

/** The documents of one seed, as NDJSON batches built before the clock starts. */
function prebuiltBatches(count: number, referenceTime: number): string[] {
  const batches: string[] = [];
  let lines: string[] = [];
  for (const doc of generateAppointments({ count, referenceTime })) {
    lines.push(JSON.stringify(doc));
    if (lines.length === BATCH_SIZE) {
      batches.push(lines.join("\n"));
      lines = [];
    }
  }
  if (lines.length > 0) batches.push(lines.join("\n"));
  return batches;
}

async function rawIngest(admin: Meilisearch, batches: string[], count: number): Promise<number> {
  await admin.deleteIndex(RAW_INDEX).waitTask();
  const started = performance.now();
  await settleTask(admin, "create raw index", admin.createIndex(RAW_INDEX, { primaryKey: "id" }));
  await settleTask(admin, "raw settings", admin.index(RAW_INDEX).updateSettings(APPOINTMENT_SETTINGS));
  const tasks = [];
  for (const batch of batches)
    tasks.push(await admin.index(RAW_INDEX).addDocumentsFromString(batch, "application/x-ndjson"));
  for (const task of tasks) await settleTask(admin, `raw batch ${task.taskUid}`, task);
  const seconds = (performance.now() - started) / 1000;
  const { numberOfDocuments } = await admin.index(RAW_INDEX).getStats();
  if (numberOfDocuments !== count) throw new Error(`raw index holds ${numberOfDocuments} documents, expected ${count}`);
  await settleTask(admin, "delete raw index", admin.deleteIndex(RAW_INDEX));
  return seconds;
}

export async function benchSeeding({
  admin,
  meili,
  databaseUrl,
  indexUid,
  documents,
  rounds,
  log,
}: {
  admin: Meilisearch;
  meili: { host: string; masterKey: string };
  databaseUrl: string;
  indexUid: string;
  documents: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<SeedRow> {
  const referenceTime = todayUtc();
  const batches = prebuiltBatches(documents, referenceTime);
  const seedRates: number[] = [];
  const rawRates: number[] = [];
  const rss: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const seed = async () => {
      const run = await runSeedChild(meili, databaseUrl, indexUid, documents, referenceTime);
      seedRates.push(documents / run.seconds);
      rss.push(run.peakRssMB);
    };
    const raw = async () => rawRates.push(documents / (await rawIngest(admin, batches, documents)));
    // The seed runs last in the final round, so the live index ends up holding `documents`.
    if ((rounds - round) % 2 === 1) {
      await raw();
      await seed();
    } else {
      await seed();
      await raw();
    }
    log(
      `seed ${documents.toLocaleString("en-US")} round ${round + 1}/${rounds}: ${seedRates.at(-1)!.toFixed(0)}/s vs raw ${rawRates.at(-1)!.toFixed(0)}/s, peak RSS ${rss.at(-1)!.toFixed(0)} MB`,
    );
  }
  return {
    documents,
    seedRate: spread(seedRates),
    rawRate: spread(rawRates),
    ratio: spread(seedRates.map((rate, i) => rate / rawRates[i]!)),
    peakRssMB: spread(rss),
  };
}
