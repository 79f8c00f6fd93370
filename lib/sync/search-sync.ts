import "server-only";
import { getMeiliEnv } from "../env";
import { adminClient } from "../meilisearch/admin";
import { OutboxWorker } from "./outbox-worker";

// One worker per server process, kept on globalThis: Next compiles instrumentation.ts and each
// route into separate bundles, and each would otherwise get a worker of its own.
const holder = globalThis as typeof globalThis & { __searchSync?: OutboxWorker };

/** The process's outbox worker, started on first use. */
export function searchSync(): OutboxWorker {
  if (!holder.__searchSync) {
    holder.__searchSync = new OutboxWorker({ meili: adminClient(), indexUid: getMeiliEnv().indexUid });
    holder.__searchSync.start();
  }
  return holder.__searchSync;
}
