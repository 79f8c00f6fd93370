import "server-only";
import type { Meilisearch } from "meilisearch";
import type pg from "pg";
import { pool } from "../db/client";
import {
  findPendingOutboxRows,
  isOutboxRowProcessed,
  markOutboxRowsProcessed,
  pruneProcessedOutboxRows,
} from "../db/queries/outbox";
import { documentsByIds } from "../db/queries/search-documents";
import { withAdvisoryLock } from "../db/transaction";

/**
 * Sends committed changes from `search_outbox` to the live index. A write commits its appointment
 * row and an outbox row in one transaction (lib/appointments/writes.ts); this worker then:
 *  1. takes the search-sync lock (ADVISORY_LOCKS.searchSync: one sender at a time across every
 *     instance, so batches reach Meilisearch in commit order and a rebuild's swap never overtakes one);
 *  2. reads up to BATCH pending rows and the *current* documents of their appointments;
 *  3. upserts those documents (deletes the ones whose row is gone), waits for the task;
 *  4. only when the task succeeded, stamps the rows `processed_at`.
 * A crash anywhere before step 4 leaves the rows pending, and the next run (on restart, or on any
 * other instance) sends them again. Sending the current state makes that replay harmless: it is
 * idempotent, and an older state can never overwrite a newer one.
 */

const BATCH = 1_000;
/** Picks up rows that no local write announced: other instances' writes, leftovers after a crash. */
const POLL_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
/** Processed rows are kept a day (the drift check reads recent ones), then deleted. */
const PRUNE_EVERY_MS = 60_000;
/**
 * Task status is polled this often. A one-document task takes 10-200 ms on a small machine, so a
 * coarser poll would add a visible share to every write's wait (`npm run bench` measures it).
 */
export const TASK_POLL_MS = 5;

export interface OutboxWorkerOptions {
  meili: Meilisearch;
  indexUid: string;
  log?: (line: string) => void;
}

export class OutboxWorker {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private prunedAt = 0;
  private readonly waiters = new Set<{ id: number; resolve: () => void }>();

  constructor(private readonly options: OutboxWorkerOptions) {}

  /** Polls in the background (and drains what is pending right away). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs a pass now; if one is running, runs another right after it (coalesced). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** One full pass, for scripts and tests: resolves when nothing pending is left (or it failed). */
  async flush(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  /**
   * Resolves true once outbox row `id` is processed (its change is searchable), false after
   * `timeoutMs`. Watches this worker and, since another instance may be the one sending, the row.
   */
  async waitFor(id: number, timeoutMs: number): Promise<boolean> {
    this.kick();
    const deadline = Date.now() + timeoutMs;
    let waiter: { id: number; resolve: () => void } | undefined;
    const local = new Promise<void>((resolve) => {
      waiter = { id, resolve };
      this.waiters.add(waiter);
    });
    try {
      while (Date.now() < deadline) {
        const tick = new Promise<"tick">((resolve) =>
          setTimeout(() => resolve("tick"), Math.min(50, deadline - Date.now())),
        );
        if ((await Promise.race([local, tick])) !== "tick") return true;
        if (await this.isProcessed(id)) return true;
      }
      return false;
    } finally {
      this.waiters.delete(waiter!);
    }
  }

  private async isProcessed(id: number): Promise<boolean> {
    return isOutboxRowProcessed(pool(), id).catch(() => false);
  }

  private async drain(): Promise<void> {
    const { log = console.error } = this.options;
    try {
      // Not waiting: whoever holds the lock (another instance, a rebuild) is sending, and the waiters
      // of its rows see them processed through the table.
      await withAdvisoryLock(
        "searchSync",
        async (client) => {
          while (await this.sendBatch(client));
          if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
            await pruneProcessedOutboxRows(client);
            this.prunedAt = Date.now();
          }
        },
        { wait: false },
      );
      this.failures = 0;
    } catch (error) {
      this.failures++;
      const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.failures - 1));
      if (this.failures === 1 || this.failures % 10 === 0) {
        const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
        log(
          `[search-sync] could not send pending changes (attempt ${this.failures}; retrying in ${backoff} ms): ${
            error instanceof Error ? error.message : String(error)
          }${cause}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, backoff).unref());
      this.again = true;
    }
  }

  /** Sends one batch; false when nothing was pending. */
  private async sendBatch(client: pg.ClientBase): Promise<boolean> {
    const { meili, indexUid } = this.options;
    const rows = await findPendingOutboxRows(client, BATCH);
    if (rows.length === 0) return false;
    const appointmentIds = [...new Set(rows.map((row) => row.appointmentId))];
    const documents = await documentsByIds(client, appointmentIds);
    const index = meili.index(indexUid);
    const present = new Set(documents.map((doc) => doc.id));
    const gone = appointmentIds.filter((id) => !present.has(id));
    const tasks = [
      ...(documents.length > 0 ? [await index.addDocuments(documents, { primaryKey: "id" })] : []),
      ...(gone.length > 0 ? [await index.deleteDocuments(gone)] : []),
    ];
    for (const enqueued of tasks) {
      const task = await meili.tasks.waitForTask(enqueued.taskUid, { interval: TASK_POLL_MS, timeout: 60_000 });
      if (task.status !== "succeeded") {
        throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? "no reason given"}`);
      }
    }
    const ids = rows.map((row) => row.id);
    await markOutboxRowsProcessed(client, ids);
    // By id, not "everything up to the highest": ids are taken at insert and commits can finish
    // out of order, so a lower id may still be invisible to this batch.
    const done = new Set(ids);
    for (const waiter of this.waiters) if (done.has(waiter.id)) waiter.resolve();
    return rows.length === BATCH;
  }
}
