import "server-only";
import { pool } from "../db/client";
import { cleanupSessions, type Cleanup } from "./sessions";

/**
 * Runs cleanupSessions on an interval in every app process; an advisory lock lets one instance at a
 * time do it. This is also what retries the key deletions a sign-out could not make while
 * Meilisearch was down, so it runs often: the query finds nothing to do almost always.
 */
export const SESSION_CLEANUP_LOCK = 0x5e5510;
export const CLEANUP_INTERVAL_MS = 30_000;

/** One pass under the lock; null when another instance holds it. */
export async function cleanupUnderLock(): Promise<Cleanup | null> {
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [
      SESSION_CLEANUP_LOCK,
    ]);
    if (!rows[0]?.locked) return null;
    try {
      return await cleanupSessions();
    } finally {
      await client.query("select pg_advisory_unlock($1)", [SESSION_CLEANUP_LOCK]);
    }
  } finally {
    client.release();
  }
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
