import "server-only";
import type { EnqueuedTask, Meilisearch, Task } from "meilisearch";
import pg from "pg";
import { APPOINTMENT_SETTINGS, type Appointment } from "../common/appointments";
import { redactUrl } from "../db/migrate";
import { indexStatsOrNull } from "../meilisearch/errors";
import { retireSharedParentKey } from "../meilisearch/retired-shared-key";
import { allDocuments, countAppointments } from "../db/queries/search-documents";
import { withAdvisoryLock, withTransaction } from "../db/transaction";

/**
 * The full rebuild: the index built from Postgres, the source of truth (`npm run reindex`; the
 * seed and the demo call it too). It fills a fresh staging index, then swaps it with the live one
 * in a single task: searches see the old data or the new data, never a half-loaded index, and the
 * index uid (which every session's parent key names) never changes. It holds the search-sync lock
 * (ADVISORY_LOCKS in lib/db/transaction.ts) from reading Postgres to the swap, so no outbox change can land in the old
 * index and be lost in the swap.
 */

/** A rebuild, or a drift check, that failed: the message names the step. */
export class RebuildError extends Error {
  override name = "RebuildError";
}

type Log = (line: string) => void;

/** What a caller shows while documents are indexed (devtools/progress.ts on a terminal). */
export interface ProgressReporter {
  update(done: number): void;
  done(): void;
}

export interface IndexTarget {
  client: Meilisearch;
  indexUid: string;
  log?: Log;
  /** Called once the total is known; its reporter hears how many documents are indexed so far. */
  progress?: (total: number) => ProgressReporter;
}

const TASK_TIMEOUT_MS = 10 * 60_000;
/** Enqueued-but-unfinished batches allowed at once: bounds what Meilisearch has to hold. */
const MAX_PENDING_BATCHES = 32;
/**
 * Staging indexes are `<index>__seed_<ms>`: the name the seed gave them before reindex existed,
 * kept so that leftovers of older runs are found and deleted too.
 */
const STAGING_INFIX = "__seed_";
/** Documents per batch, read from Postgres and sent to Meilisearch. */
export const DOCUMENT_BATCH_SIZE = 10_000;

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
    throw new RebuildError(`Task ${task.uid} (${label}) ${task.status}: ${reason}`);
  }
  return task;
}

/** A connected client, or a RebuildError that names the database and what to do. */
export async function connectDatabase(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    throw new RebuildError(
      `Cannot reach Postgres at ${redactUrl(url)} (${error instanceof Error ? error.message : String(error)}). ` +
        "Is it running? `npm run demo` starts a local one; otherwise set DATABASE_URL.",
    );
  }
}

/** Names the step that failed: `Step "insert appointments 1-10000 into Postgres" failed: …`. */
export async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RebuildError) throw error;
    throw new RebuildError(`Step "${label}" failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Index missing or empty: what `npm run demo` checks before deciding to rebuild it. */
export async function needsIndex(client: Meilisearch, indexUid: string): Promise<boolean> {
  return ((await indexStatsOrNull(client, indexUid))?.numberOfDocuments ?? 0) === 0;
}

/** Staging indexes left by an interrupted run are never live; they are deleted first. */
async function deleteLeftoverStagingIndexes(client: Meilisearch, indexUid: string, log: Log): Promise<void> {
  const { results: indexes } = await client.getIndexes({ limit: 1000 });
  for (const leftover of indexes.filter((index) => index.uid.startsWith(`${indexUid}${STAGING_INFIX}`))) {
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
  progress: ProgressReporter | undefined,
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
    throw new RebuildError(`Staging index ${staging} holds ${numberOfDocuments} documents, expected ${count}.`);
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
export async function rebuildIndex(
  target: IndexTarget,
  batches: AsyncIterable<readonly Appointment[]>,
  total: number,
  beforeSwap: () => Promise<void> = async () => {},
): Promise<number> {
  const { client, indexUid, log = () => {} } = target;
  const staging = `${indexUid}${STAGING_INFIX}${Date.now()}`;
  await deleteLeftoverStagingIndexes(client, indexUid, log);
  await settleTask(client, `create staging index ${staging}`, client.createIndex(staging, { primaryKey: "id" }));
  try {
    // Settings before documents, so everything is indexed once.
    await settleTask(client, `settings of ${staging}`, client.index(staging).updateSettings(APPOINTMENT_SETTINGS));
    log(`Created staging index ${staging} with settings`);
    const progress = target.progress?.(total);
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
    // The search-sync lock waits for a running outbox batch and holds the next one back until the
    // swap is done, so no change lands in the old index just before the new one replaces it.
    const documents = await withAdvisoryLock(
      "searchSync",
      () =>
        withTransaction(
          async (tx) => rebuildIndex(options, allDocuments(tx, DOCUMENT_BATCH_SIZE), await countAppointments(tx)),
          { on: db, mode: "snapshot" },
        ),
      { on: db },
    );
    await retireSharedParentKey(options.client, options.log);
    return { documents, seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.end();
  }
}
