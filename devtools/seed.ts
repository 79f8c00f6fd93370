/**
 * The demo data into Postgres, then the index rebuilt from it: `npm run seed`, `npm run demo` on
 * an empty database, and the test and benchmark stacks. The rebuild itself is the app's
 * (lib/sync/rebuild.ts); this adds the generated rows, in the same transaction as the rebuild's
 * swap.
 */
import type pg from "pg";
import type { Appointment } from "../lib/common/appointments";
import { retireSharedParentKey } from "../lib/meilisearch/retired-shared-key";
import { documentsByIds } from "../lib/db/queries/search-documents";
import { withAdvisoryLock } from "../lib/db/transaction";
import { connectDatabase, DOCUMENT_BATCH_SIZE, rebuildIndex, step, type IndexTarget } from "../lib/sync/rebuild";
import { generateAppointments } from "./appointments-data";
import { advanceIdSequence, clearAppointments, insertAppointments, loadDirectory } from "./load-database";

/** What `npm run demo` seeds into an empty database. */
export const DEFAULT_SEED_COUNT = 10_000;

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

/**
 * Generated batches are inserted into Postgres and read back through the one row → document
 * mapping (lib/db/queries/search-documents.ts) before they are sent, so the index holds exactly what Postgres
 * does. Meilisearch indexes one batch while Postgres takes the next.
 */
async function* insertAndReadBack(db: pg.Client, options: SeedOptions): AsyncGenerator<Appointment[]> {
  const { count, batchSize = DOCUMENT_BATCH_SIZE } = options;
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
    // The one transaction not written with withTransaction: it commits in the middle of the
    // rebuild (once the staging index is complete, before the swap), and the search-sync lock
    // (session-level) is held until the swap is done.
    await withAdvisoryLock(
      "searchSync",
      async () => {
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
      },
      { on: db },
    );
  } finally {
    await db.end();
  }
  await retireSharedParentKey(options.client, log);
  return { documents: total, seconds: (performance.now() - started) / 1000 };
}
