import "server-only";
import type pg from "pg";
import { connect, query } from "./client";
import { toDatabaseError } from "./errors";

/**
 * Every Postgres advisory lock the app takes, in one table so no two share an id by accident.
 * Advisory locks need no grant (lib/db/privileges.ts), which is why the booking caps use one
 * rather than a row lock on `patients`.
 */
export const ADVISORY_LOCKS = {
  /**
   * Held by whoever writes to the live index: the outbox worker (lib/sync/outbox-worker.ts), and a
   * full rebuild (seed, reindex) from the moment it reads Postgres until its swap is done. So an
   * outbox batch never lands in the old index just before a rebuilt one replaces it, and one
   * instance at a time sends, in commit order.
   */
  searchSync: 0x5ea7c4,
  /** One instance at a time runs the session cleanup (lib/auth/session-cleanup.ts). */
  sessionCleanup: 0x5e5510,
  /**
   * Per patient (second key: the patient id's hashtext), until the booking's transaction ends:
   * one patient's concurrent bookings are counted against the caps one after the other. Two
   * patients whose ids hash alike merely wait for each other.
   */
  bookingCaps: 0x5ea7c5,
} as const;

type AdvisoryLock = keyof typeof ADVISORY_LOCKS;

interface TransactionOptions {
  /** A connection the caller holds (a script's own client); else a pooled one, released after. */
  on?: pg.ClientBase;
  /**
   * "snapshot": repeatable read, read only. Every statement sees the database as it was at the
   * first one, so a long read (the index rebuild) is one consistent picture; writes are refused.
   */
  mode?: "read write" | "snapshot";
}

/**
 * Runs `work` in a transaction: committed if it resolves, rolled back if it throws (the error is
 * rethrown, a lost connection as `database_unavailable`).
 */
export async function withTransaction<T>(
  work: (tx: pg.ClientBase) => Promise<T>,
  { on, mode = "read write" }: TransactionOptions = {},
): Promise<T> {
  const pooled = on ? undefined : await connect();
  const client = on ?? pooled!;
  // A connection whose rollback failed may still be inside the transaction: closed, never reused.
  let broken = false;
  try {
    await query(client, mode === "snapshot" ? "begin isolation level repeatable read read only" : "begin");
    const result = await work(client);
    await query(client, "commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {
      broken = true;
    });
    throw toDatabaseError(error);
  } finally {
    pooled?.release(broken);
  }
}

interface LockOptions {
  /** A connection the caller holds, to take the lock on (a script's own client); else a pooled one. */
  on?: pg.ClientBase;
  /** false: take the lock only if it is free, else resolve null at once without running `work`. */
  wait?: boolean;
}

/**
 * Runs `work` holding the session-level advisory lock `lock` (see ADVISORY_LOCKS), given the
 * connection that holds it. With `wait: false`, resolves null when another holder has it. The
 * lock is released when `work` settles. After any failure a pooled connection is closed rather
 * than reused: if its unlock failed it may still hold the lock, and closing it lets the lock go.
 */
export async function withAdvisoryLock<T>(
  lock: AdvisoryLock,
  work: (client: pg.ClientBase) => Promise<T>,
  options?: LockOptions & { wait?: true },
): Promise<T>;
export async function withAdvisoryLock<T>(
  lock: AdvisoryLock,
  work: (client: pg.ClientBase) => Promise<T>,
  options: LockOptions,
): Promise<T | null>;
export async function withAdvisoryLock<T>(
  lock: AdvisoryLock,
  work: (client: pg.ClientBase) => Promise<T>,
  { on, wait = true }: LockOptions = {},
): Promise<T | null> {
  const id = ADVISORY_LOCKS[lock];
  const pooled = on ? undefined : await connect();
  const client = on ?? pooled!;
  let broken = false;
  try {
    if (wait) {
      await query(client, "select pg_advisory_lock($1)", [id]);
    } else {
      const { rows } = await query<{ locked: boolean }>(client, "select pg_try_advisory_lock($1) as locked", [id]);
      if (!rows[0]?.locked) return null;
    }
    try {
      return await work(client);
    } finally {
      await client.query("select pg_advisory_unlock($1)", [id]).catch((error: unknown) => {
        broken = true;
        // Only a caller's own connection reports this: a pooled one is closed, which unlocks.
        if (on) throw toDatabaseError(error);
      });
    }
  } catch (error) {
    broken = true;
    throw toDatabaseError(error);
  } finally {
    pooled?.release(broken);
  }
}

/**
 * Takes the transaction-level advisory lock `lock` for `key` inside `tx`'s transaction: held until
 * that transaction commits or rolls back (there is nothing to release by hand).
 */
export async function lockUntilTransactionEnds(tx: pg.ClientBase, lock: AdvisoryLock, key: string): Promise<void> {
  await query(tx, "select pg_advisory_xact_lock($1, hashtext($2))", [ADVISORY_LOCKS[lock], key]);
}
