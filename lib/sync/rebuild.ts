/**
 * Seeding and rebuilding. Postgres is the source of truth; the index is built from it.
 *  - `seedAppointments`: loads the demo data into Postgres (one transaction), then builds the
 *    index from the rows just written.
 *  - `reindexFromDatabase`: rebuilds the index from Postgres as it is (`npm run reindex`).
 * Both fill a fresh staging index, then swap it with the live one in a single task: searches see
 * the old data or the new data, never a half-loaded index, and the index uid (which every session's
 * parent key names) never changes. Both hold the search-sync lock (lib/sync/lock.ts) from reading
 * Postgres to the swap, so no outbox change can land in the old index and be lost in the swap.
 */
import { Meilisearch, type EnqueuedTask, type Task } from "meilisearch";
import pg from "pg";
import { APPOINTMENT_SETTINGS, type Appointment } from "../common/appointments";
import { redactUrl } from "../db/migrate";
import { getDatabaseUrl, getMeiliEnv, type MeiliEnv } from "../env";
import { indexStatsOrNull } from "../meilisearch/errors";
import { deleteSearchKey } from "../meilisearch/search-key";
import { meiliErrorCode } from "../meilisearch/errors";
import { allDocuments, documentsByIds } from "./documents";
import { SEARCH_SYNC_LOCK } from "./lock";
import { DAY, generateAppointments, referenceDayOf, todayUtc } from "../../devtools/appointments-data";
import { advanceIdSequence, clearAppointments, insertAppointments, loadDirectory } from "../../devtools/load-database";
import { fillFromRunningDemo, loadLocalEnv, masterKeyForTools, requireServiceVariable } from "../../devtools/local-env";
import { Progress } from "../../devtools/progress";

/** What `npm run demo` seeds into an empty database. */
export const DEFAULT_SEED_COUNT = 10_000;

export class SeedError extends Error {
  override name = "SeedError";
}

type Log = (line: string) => void;

interface IndexTarget {
  client: Meilisearch;
  indexUid: string;
  log?: Log;
  /** Show a progress bar (on a TTY) or periodic lines. */
  progress?: boolean;
}

export interface SeedOptions extends IndexTarget {
  databaseUrl: string;
  count: number;
  seed?: number;
  referenceTime?: number;
  batchSize?: number;
  /** Rows added after the generated ones (the e2e stack's hostile documents). */
  extraAppointments?: readonly Appointment[];
}

export interface SeedResult {
  documents: number;
  seconds: number;
}

const TASK_TIMEOUT_MS = 10 * 60_000;
/** Enqueued-but-unfinished batches allowed at once: bounds what Meilisearch has to hold. */
const MAX_PENDING_BATCHES = 32;
const BATCH_SIZE = 10_000;

/** Waits for a task and throws, naming it, unless it succeeded. `waitTask` resolves on failure too. */
export async function settleTask(
  client: Meilisearch,
  label: string,
  enqueued: EnqueuedTask | Promise<EnqueuedTask>,
): Promise<Task> {
  const { taskUid } = await enqueued;
  const task = await client.tasks.waitForTask(taskUid, { timeout: TASK_TIMEOUT_MS, interval: 50 });
  if (task.status !== "succeeded") {
    const reason = task.error ? `${task.error.message} [${task.error.code}]` : task.status;
    throw new SeedError(`Task ${task.uid} (${label}) ${task.status}: ${reason}`);
  }
  return task;
}

export async function assertReachable(client: Meilisearch, host: string): Promise<void> {
  try {
    await client.health();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new SeedError(
      `Cannot reach Meilisearch at ${host} (${cause}). Is it running? Start one with \`npm run meili\`.`,
    );
  }
}

/**
 * What `npm run seed` and `npm run reindex` start with: .env.local, the running demo's services
 * for whatever is unset (said so), then a client for a Meilisearch that answers, holding the master
 * key (they create, configure and swap indexes, which the app server's own key cannot), or
 * MEILI_ADMIN_KEY when no master key is at hand.
 */
export async function scriptServices(): Promise<{ env: MeiliEnv; databaseUrl: string; client: Meilisearch }> {
  loadLocalEnv();
  const found = fillFromRunningDemo();
  if (found.length > 0) console.log(`Using the ${found.join(" and ")} of the running \`npm run demo\``);
  requireServiceVariable("MEILI_HOST");
  requireServiceVariable("DATABASE_URL");
  const env = getMeiliEnv();
  const client = new Meilisearch({ host: env.host, apiKey: masterKeyForTools() ?? env.adminKey, timeout: 60_000 });
  await assertReachable(client, env.host);
  return { env, databaseUrl: getDatabaseUrl(), client };
}

/** A connected client, or a SeedError that names the database and what to do. */
export async function connectDatabase(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    throw new SeedError(
      `Cannot reach Postgres at ${redactUrl(url)} (${error instanceof Error ? error.message : String(error)}). ` +
        "Is it running? `npm run demo` starts a local one; otherwise set DATABASE_URL.",
    );
  }
}

/** Names the step that failed: "Postgres step 'insert appointments 1-10000' failed: …". */
async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SeedError) throw error;
    throw new SeedError(`Step "${label}" failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Index missing or empty: what `npm run demo` checks before deciding to rebuild it. */
export async function needsIndex(client: Meilisearch, indexUid: string): Promise<boolean> {
  return ((await indexStatsOrNull(client, indexUid))?.numberOfDocuments ?? 0) === 0;
}

/** Staging indexes left by an interrupted run are never live; they are deleted first. */
async function deleteLeftoverStagingIndexes(client: Meilisearch, indexUid: string, log: Log): Promise<void> {
  const { results: indexes } = await client.getIndexes({ limit: 1000 });
  for (const leftover of indexes.filter((index) => index.uid.startsWith(`${indexUid}__seed_`))) {
    await settleTask(client, `delete leftover index ${leftover.uid}`, client.deleteIndex(leftover.uid));
    log(`Deleted leftover staging index ${leftover.uid}`);
  }
}

function toNdjson(batch: readonly Appointment[]): string {
  return batch.map((doc) => JSON.stringify(doc)).join("\n");
}

/**
 * Sends batches of documents into `staging` as NDJSON. Batches go out while Meilisearch indexes
 * earlier ones (at most MAX_PENDING_BATCHES in flight); progress counts indexed documents.
 */
async function streamDocuments(
  client: Meilisearch,
  staging: string,
  batches: AsyncIterable<readonly Appointment[]>,
  progress: Progress | undefined,
): Promise<number> {
  const pending: { label: string; size: number; task: Promise<EnqueuedTask> }[] = [];
  let sent = 0;
  let indexed = 0;
  const settleOldest = async () => {
    const oldest = pending.shift()!;
    await settleTask(client, oldest.label, oldest.task);
    indexed += oldest.size;
    progress?.update(indexed);
  };
  try {
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      const label = `documents ${sent + 1}-${sent + batch.length} into ${staging}`;
      const task = client.index(staging).addDocumentsFromString(toNdjson(batch), "application/x-ndjson");
      pending.push({ label, size: batch.length, task });
      sent += batch.length;
      if (pending.length >= MAX_PENDING_BATCHES) await settleOldest();
    }
    while (pending.length > 0) await settleOldest();
  } catch (error) {
    // Let every request already on its way arrive before the caller deletes the staging index:
    // one arriving after the delete would create the index again.
    await Promise.allSettled(pending.map((batch) => batch.task));
    throw error;
  }
  progress?.done();
  return sent;
}

/** Checks the staging index holds every document, then swaps it with the live one in one task. */
async function swapIntoLive(client: Meilisearch, indexUid: string, staging: string, count: number, log: Log) {
  const { numberOfDocuments } = await client.index(staging).getStats();
  if (numberOfDocuments !== count) {
    throw new SeedError(`Staging index ${staging} holds ${numberOfDocuments} documents, expected ${count}.`);
  }
  log(`Indexed ${numberOfDocuments} appointments into ${staging}`);
  if ((await indexStatsOrNull(client, indexUid)) === null) {
    await settleTask(client, `create index ${indexUid}`, client.createIndex(indexUid, { primaryKey: "id" }));
  }
  await settleTask(
    client,
    `swap ${indexUid} with ${staging}`,
    client.swapIndexes([{ indexes: [indexUid, staging], rename: false }]),
  );
  log(`Swapped ${staging} into ${indexUid} (atomic)`);
}

/**
 * Builds a staging index from `batches`, runs `beforeSwap` (the seed commits Postgres there), swaps
 * it in, and deletes the staging uid (after the swap it holds the previous data; on failure, the
 * partial load).
 */
async function rebuildIndex(
  target: IndexTarget,
  batches: AsyncIterable<readonly Appointment[]>,
  total: number,
  beforeSwap: () => Promise<void> = async () => {},
): Promise<number> {
  const { client, indexUid, log = () => {} } = target;
  const staging = `${indexUid}__seed_${Date.now()}`;
  await deleteLeftoverStagingIndexes(client, indexUid, log);
  await settleTask(client, `create staging index ${staging}`, client.createIndex(staging, { primaryKey: "id" }));
  try {
    // Settings before documents, so everything is indexed once.
    await settleTask(client, `settings of ${staging}`, client.index(staging).updateSettings(APPOINTMENT_SETTINGS));
    log(`Created staging index ${staging} with settings`);
    const progress = target.progress ? new Progress(total, "appointments") : undefined;
    const sent = await streamDocuments(client, staging, batches, progress);
    await beforeSwap();
    await swapIntoLive(client, indexUid, staging, sent, log);
    return sent;
  } finally {
    await settleTask(client, `delete ${staging}`, client.deleteIndex(staging)).catch((error: unknown) => {
      log(`Warning: could not delete ${staging}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

/**
 * Earlier versions signed every tenant token with one shared parent key of this fixed uid and name.
 * Tokens are signed per session now (lib/meilisearch/session-keys.ts), so that key only keeps old
 * tokens alive: it is deleted. Only a key with both this uid and this name is touched.
 */
export const RETIRED_SHARED_KEY = {
  uid: "5b1d5e0c-4a52-4c8e-9d1e-2f6a7c3b9e41",
  name: "appointments-tenant-token-parent",
};

async function retireSharedParentKey(target: IndexTarget): Promise<void> {
  try {
    const key = await target.client.getKey(RETIRED_SHARED_KEY.uid);
    if (key.name !== RETIRED_SHARED_KEY.name) return;
  } catch (error) {
    if (meiliErrorCode(error) === "api_key_not_found") return;
    throw error;
  }
  if (await deleteSearchKey(target.client, RETIRED_SHARED_KEY.uid)) {
    target.log?.(
      `Deleted the shared parent key of an earlier version (${RETIRED_SHARED_KEY.uid}): tokens are signed per session now`,
    );
  }
}

/** Runs `work` holding the search-sync lock on `db`'s session (waits for a running outbox batch). */
async function withSyncLock<T>(db: pg.Client, work: () => Promise<T>): Promise<T> {
  await db.query("select pg_advisory_lock($1)", [SEARCH_SYNC_LOCK]);
  try {
    return await work();
  } finally {
    await db.query("select pg_advisory_unlock($1)", [SEARCH_SYNC_LOCK]).catch(() => {});
  }
}

/**
 * Generated batches are inserted into Postgres and read back through the one row → document
 * mapping (lib/sync/documents.ts) before they are sent, so the index holds exactly what Postgres
 * does. Meilisearch indexes one batch while Postgres takes the next.
 */
async function* insertAndReadBack(db: pg.Client, options: SeedOptions): AsyncGenerator<Appointment[]> {
  const { count, batchSize = BATCH_SIZE } = options;
  const docs = generateAppointments({ count, seed: options.seed, referenceTime: options.referenceTime });
  let batch: Appointment[] = [];
  const flush = async () => {
    const first = batch[0]!.id;
    const last = batch[batch.length - 1]!.id;
    await step(`insert appointments ${first}-${last} into Postgres`, () => insertAppointments(db, batch));
    const written = await documentsByIds(
      db,
      batch.map((doc) => doc.id),
    );
    batch = [];
    return written;
  };
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length >= batchSize) yield await flush();
  }
  for (const extra of options.extraAppointments ?? []) batch.push(extra);
  if (batch.length > 0) yield await flush();
}

/**
 * Replaces every appointment in Postgres with `count` generated ones (plus `extraAppointments`),
 * upserts the directory and demo accounts, and rebuilds the index from the result. Postgres
 * changes in one transaction, committed only once the staging index is complete: a failure at any
 * step leaves both Postgres and the live index as they were. Idempotent.
 */
export async function seedAppointments(options: SeedOptions): Promise<SeedResult> {
  const { count, log = () => {} } = options;
  const started = performance.now();
  const total = count + (options.extraAppointments?.length ?? 0);
  const db = await connectDatabase(options.databaseUrl);
  try {
    await withSyncLock(db, async () => {
      await db.query("begin");
      try {
        await step("load clinics, doctors and accounts", () => loadDirectory(db));
        await step("clear appointments", () => clearAppointments(db));
        await rebuildIndex(options, insertAndReadBack(db, options), total, async () => {
          await step("advance the appointment id sequence", () => advanceIdSequence(db));
          await step("commit Postgres", () => db.query("commit"));
          log(`Loaded ${total.toLocaleString("en-US")} appointments into Postgres`);
        });
      } catch (error) {
        await db.query("rollback").catch(() => {});
        throw error;
      }
    });
  } finally {
    await db.end();
  }
  await retireSharedParentKey(options);
  return { documents: total, seconds: (performance.now() - started) / 1000 };
}

export interface ReindexOptions extends IndexTarget {
  databaseUrl: string;
}

/**
 * Rebuilds the index from Postgres as it is (`npm run reindex`). Reads one consistent snapshot;
 * writes made meanwhile wait in the outbox and reach the new index after the swap.
 */
export async function reindexFromDatabase(options: ReindexOptions): Promise<{ documents: number; seconds: number }> {
  const started = performance.now();
  const db = await connectDatabase(options.databaseUrl);
  try {
    const documents = await withSyncLock(db, async () => {
      await db.query("begin isolation level repeatable read read only");
      try {
        const { rows } = await db.query<{ n: number }>("select count(*)::int as n from appointments");
        return await rebuildIndex(options, allDocuments(db, BATCH_SIZE), rows[0]!.n);
      } finally {
        await db.query("commit").catch(() => {});
      }
    });
    await retireSharedParentKey(options);
    return { documents, seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.end();
  }
}

/** The settings the index should have that the live index lacks (an older seed's). */
async function outdatedSettings(client: Meilisearch, indexUid: string) {
  const current = await client.index(indexUid).getSettings();
  const wanted = {
    rankingRules: APPOINTMENT_SETTINGS.rankingRules,
    pagination: APPOINTMENT_SETTINGS.pagination,
    filterableAttributes: APPOINTMENT_SETTINGS.filterableAttributes,
  };
  const stale = Object.entries(wanted).filter(
    ([key, value]) => JSON.stringify(current[key as keyof typeof current]) !== JSON.stringify(value),
  );
  return Object.fromEntries(stale);
}

/**
 * Keeps a demo seeded on an earlier day useful. The demo data is laid out around the seed day
 * (past months, coming months), so a demo seeded weeks ago would have nothing upcoming left. This
 * moves every appointment (bookings made since included) forward by the days since then, in
 * Postgres. Returns the days moved; 0 when seeded today, or when appointment 1 is not the demo's.
 */
export async function refreshDemoDates(db: pg.Client, now = Date.now()): Promise<number> {
  const { rows } = await db.query<{ id: number; scheduled_at: number }>(
    "select id::float8 as id, extract(epoch from scheduled_at)::float8 as scheduled_at from appointments where id = 1",
  );
  const reference = rows[0] ? referenceDayOf(rows[0]) : undefined;
  const days = reference === undefined ? 0 : Math.round((todayUtc(now) - reference) / DAY);
  if (days <= 0) return 0;
  // Two moves, because the slot index is checked row by row: moving everything N days at once
  // would land some rows on slots others have not left yet. Far away first, then back.
  await db.query("begin");
  try {
    await db.query("update appointments set scheduled_at = scheduled_at + interval '100 years'");
    await db.query(
      "update appointments set scheduled_at = scheduled_at - interval '100 years' + make_interval(days => $1)",
      [days],
    );
    await db.query("commit");
  } catch (error) {
    await db.query("rollback").catch(() => {});
    throw error;
  }
  return days;
}

export interface DemoDataOptions extends IndexTarget {
  databaseUrl: string;
  /** True when the demo started Postgres and Meilisearch itself: only then are dates moved. */
  local: boolean;
}

/**
 * What `npm run demo` runs once migrations are applied: seeds an empty database; otherwise keeps
 * what is there, moves a local demo's dates to today, and rebuilds the index from Postgres when it
 * is missing or the dates moved.
 */
export async function prepareDemoData(options: DemoDataOptions): Promise<void> {
  const { client, indexUid, log = () => {} } = options;
  const db = await connectDatabase(options.databaseUrl);
  let rebuild = false;
  try {
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from appointments");
    if (rows[0]!.n === 0) {
      await db.end();
      log(`The database has no appointments: seeding ${DEFAULT_SEED_COUNT.toLocaleString("en-US")}…`);
      await seedAppointments({ ...options, count: DEFAULT_SEED_COUNT });
      return;
    }
    log(`The database holds ${rows[0]!.n.toLocaleString("en-US")} appointments (run \`npm run seed\` to reload).`);
    if (options.local) {
      const days = await refreshDemoDates(db);
      if (days > 0)
        log(`Moved every appointment ${days} ${days === 1 ? "day" : "days"} later: seeded on an earlier day.`);
      rebuild = days > 0;
    }
  } finally {
    await db.end().catch(() => {});
  }
  if (rebuild || (await needsIndex(client, indexUid))) {
    log(`Rebuilding index "${indexUid}" from Postgres…`);
    await reindexFromDatabase(options);
    return;
  }
  const settings = await outdatedSettings(client, indexUid);
  if (Object.keys(settings).length > 0) {
    await settleTask(client, `settings of ${indexUid}`, client.index(indexUid).updateSettings(settings));
    log(`Updated the index settings: ${Object.keys(settings).join(", ")}`);
  }
  await retireSharedParentKey(options);
}
