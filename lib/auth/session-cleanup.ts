import "server-only";
import { withAdvisoryLock } from "../db/transaction";
import { cleanupSessions, type Cleanup } from "./sessions";

/**
 * Runs cleanupSessions on an interval in every app process; an advisory lock lets one instance at a
 * time do it. This is also what retries the key deletions a sign-out could not make while
 * Meilisearch was down, so it runs often: the query finds nothing to do almost always.
 */
export const CLEANUP_INTERVAL_MS = 30_000;

/** One pass under the lock; null when another instance holds it. */
export async function cleanupUnderLock(): Promise<Cleanup | null> {
  return withAdvisoryLock("sessionCleanup", () => cleanupSessions(), { wait: false });
}

// One timer per server process, kept on globalThis (Next bundles routes and instrumentation apart).
const holder = globalThis as typeof globalThis & { __sessionCleanup?: NodeJS.Timeout };

export function startSessionCleanup(log: (line: string) => void = console.error): void {
  if (holder.__sessionCleanup) return;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const result = await cleanupUnderLock();
      if (result && result.keysPending > 0) log(`[sessions] cleanup: ${result.keysPending} key(s) still to delete`);
    } catch (error) {
      log(`[sessions] cleanup failed (next try in ${CLEANUP_INTERVAL_MS / 1000} s): ${String(error)}`);
    } finally {
      running = false;
    }
  };
  holder.__sessionCleanup = setInterval(run, CLEANUP_INTERVAL_MS);
  holder.__sessionCleanup.unref();
  void run();
}
