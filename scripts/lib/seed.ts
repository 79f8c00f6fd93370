/**
 * Loads the appointments index atomically: documents go into a fresh temporary index, which is
 * then swapped with the live one in a single task. Searches see the old data or the new data,
 * never a half-loaded index, and the index uid (which the parent key names) never changes.
 */
import { Meilisearch, type EnqueuedTask, type Task } from "meilisearch";
import { APPOINTMENT_SETTINGS, type Appointment } from "../../lib/common/appointments";
import { indexStatsOrNull } from "../../lib/meilisearch/errors";
import { ensureSearchKey } from "../../lib/meilisearch/search-key";
import { DAY, generateAppointments, referenceDayOf, todayUtc } from "./appointments-data";
import { Progress } from "./progress";

export class SeedError extends Error {
  override name = "SeedError";
}

export interface SeedOptions {
  client: Meilisearch;
  indexUid: string;
  searchKeyUid: string;
  count: number;
  seed?: number;
  referenceTime?: number;
  batchSize?: number;
  log?: (line: string) => void;
  /** Show a progress bar (on a TTY) or periodic lines. */
  progress?: boolean;
}

export interface SeedResult {
  documents: number;
  seconds: number;
  createdSearchKey: boolean;
}

const TASK_TIMEOUT_MS = 10 * 60_000;
/** Enqueued-but-unfinished batches allowed at once: bounds what Meilisearch has to hold. */
const MAX_PENDING_BATCHES = 32;

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

/** Index missing or empty: what `npm run demo` checks before deciding to seed. */
export async function needsSeed(client: Meilisearch, indexUid: string): Promise<boolean> {
  return ((await indexStatsOrNull(client, indexUid))?.numberOfDocuments ?? 0) === 0;
}

function toNdjson(batch: Appointment[]): string {
  return batch.map((doc) => JSON.stringify(doc)).join("\n");
}

type Log = (line: string) => void;

/** Staging indexes left by an interrupted run are never live; they are deleted first. */
async function deleteLeftoverStagingIndexes(client: Meilisearch, indexUid: string, log: Log): Promise<void> {
  const { results: indexes } = await client.getIndexes({ limit: 1000 });
  for (const leftover of indexes.filter((index) => index.uid.startsWith(`${indexUid}__seed_`))) {
    await settleTask(client, `delete leftover index ${leftover.uid}`, client.deleteIndex(leftover.uid));
    log(`Deleted leftover staging index ${leftover.uid}`);
  }
}

/**
 * Streams generated documents into `staging` in NDJSON batches. Batches go out while Meilisearch
 * indexes earlier ones (at most MAX_PENDING_BATCHES in flight); progress counts indexed documents.
 */
async function streamDocuments(client: Meilisearch, staging: string, options: SeedOptions): Promise<void> {
  const { count, batchSize = 10_000 } = options;
  const progress = options.progress ? new Progress(count, "appointments") : undefined;
  const pending: { label: string; size: number; task: Promise<EnqueuedTask> }[] = [];
  let batch: Appointment[] = [];
  let sent = 0;
  let indexed = 0;
  const settleOldest = async () => {
    const oldest = pending.shift()!;
    await settleTask(client, oldest.label, oldest.task);
    indexed += oldest.size;
    progress?.update(indexed);
  };
  const flush = async () => {
    const label = `documents ${sent + 1}-${sent + batch.length} into ${staging}`;
    const task = client.index(staging).addDocumentsFromString(toNdjson(batch), "application/x-ndjson");
    pending.push({ label, size: batch.length, task });
    sent += batch.length;
    batch = [];
    if (pending.length >= MAX_PENDING_BATCHES) await settleOldest();
  };
  for (const doc of generateAppointments({ count, seed: options.seed, referenceTime: options.referenceTime })) {
    batch.push(doc);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  while (pending.length > 0) await settleOldest();
  progress?.done();
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

export async function seedAppointments(options: SeedOptions): Promise<SeedResult> {
  const { client, indexUid, count, log = () => {} } = options;
  const started = performance.now();
  const staging = `${indexUid}__seed_${Date.now()}`;

  await deleteLeftoverStagingIndexes(client, indexUid, log);
  await settleTask(client, `create staging index ${staging}`, client.createIndex(staging, { primaryKey: "id" }));
  try {
    // Settings before documents, so everything is indexed once.
    await settleTask(client, `settings of ${staging}`, client.index(staging).updateSettings(APPOINTMENT_SETTINGS));
    log(`Created staging index ${staging} with settings`);
    await streamDocuments(client, staging, options);
    await swapIntoLive(client, indexUid, staging, count, log);
  } finally {
    // After the swap the staging uid holds the previous data; on failure, the partial load.
    await settleTask(client, `delete ${staging}`, client.deleteIndex(staging)).catch((error: unknown) => {
      log(`Warning: could not delete ${staging}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  const { parentKey, created } = await ensureSearchKey(client, { uid: options.searchKeyUid, indexUid });
  log(
    `${created ? "Created" : "Reused"} the tenant-token parent key ${parentKey.uid} (search only, index "${indexUid}")`,
  );
  return { documents: count, seconds: (performance.now() - started) / 1000, createdSearchKey: created };
}

/** The settings `seedAppointments()` would apply that the live index lacks (an older seed's). */
async function outdatedSettings(client: Meilisearch, indexUid: string) {
  const current = await client.index(indexUid).getSettings();
  const wanted = { rankingRules: APPOINTMENT_SETTINGS.rankingRules, pagination: APPOINTMENT_SETTINGS.pagination };
  const stale = Object.entries(wanted).filter(
    ([key, value]) => JSON.stringify(current[key as keyof typeof current]) !== JSON.stringify(value),
  );
  return Object.fromEntries(stale);
}

/**
 * Keeps an index seeded on an earlier day useful without reseeding it. The demo data is laid out
 * around the seed day (past months, coming months), so a demo seeded weeks ago would have nothing
 * upcoming left. This moves every appointment forward by the days since then, in one Meilisearch
 * task (the experimental "edit documents by function", enabled for it), and brings the index
 * settings up to date. It changes nothing when the index was seeded today, and leaves an index
 * alone whose appointment 1 is not the demo's.
 */
export async function refreshDemoData(
  client: Meilisearch,
  indexUid: string,
  { now = Date.now(), log = () => {} }: { now?: number; log?: (line: string) => void } = {},
): Promise<{ shiftedDays: number; updatedSettings: string[] }> {
  const settings = await outdatedSettings(client, indexUid);
  const updatedSettings = Object.keys(settings);
  if (updatedSettings.length > 0) {
    await settleTask(client, `settings of ${indexUid}`, client.index(indexUid).updateSettings(settings));
    log(`Updated the index settings: ${updatedSettings.join(", ")}`);
  }

  const first = await client
    .index(indexUid)
    .getDocument<Appointment>(1)
    .catch(() => undefined);
  const reference = first ? referenceDayOf(first) : undefined;
  const shiftedDays = reference === undefined ? 0 : Math.round((todayUtc(now) - reference) / DAY);
  if (shiftedDays > 0) {
    await client.updateExperimentalFeatures({ editDocumentsByFunction: true });
    await settleTask(
      client,
      `move the dates of ${indexUid} by ${shiftedDays} days`,
      client.index(indexUid).updateDocumentsByFunction({
        function: "doc.scheduled_at += context.shift",
        context: { shift: shiftedDays * DAY },
      }),
    );
    log(
      `Moved every appointment ${shiftedDays} ${shiftedDays === 1 ? "day" : "days"} later: the demo was seeded on an earlier day.`,
    );
  }
  return { shiftedDays, updatedSettings };
}
