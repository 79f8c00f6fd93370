import "server-only";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { getDatabaseUrl } from "../env";
import { assertAppRole, PrivilegedRoleError } from "./app-role";
import * as schema from "./schema";

export type Database = NodePgDatabase<typeof schema>;

interface Connection {
  pool: pg.Pool;
  db: Database;
  /** See counterPool(). */
  counters: pg.Pool;
}

/**
 * The server's check of its own database role (see app-role.ts and requireAppRole). Until a
 * connection has passed it, every new connection is checked before any query runs on it.
 */
interface RoleGuard {
  verified: boolean;
  refuse: (error: PrivilegedRoleError) => void;
}

// Kept on globalThis so `next dev`'s module reloads reuse one pool instead of leaking connections,
// and so the guard set by instrumentation.ts covers the routes' bundles too.
const holder = globalThis as typeof globalThis & { __appointmentsDb?: Connection; __appointmentsRoleGuard?: RoleGuard };

/** pg-pool awaits this before handing a new connection out. */
async function checkRole(client: pg.PoolClient): Promise<void> {
  const guard = holder.__appointmentsRoleGuard;
  if (!guard || guard.verified) return;
  try {
    await assertAppRole(client);
  } catch (error) {
    if (error instanceof PrivilegedRoleError) guard.refuse(error);
    throw error;
  }
  guard.verified = true;
}

function newPool(options: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: getDatabaseUrl(),
    // A down database answers fast (503), instead of hanging a request for the OS timeout.
    connectionTimeoutMillis: 3_000,
    // Typed as returning void, but pg-pool awaits a returned promise (and drops the connection if it rejects).
    onConnect: checkRole as unknown as (client: pg.ClientBase) => void,
    ...options,
  });
  // An idle client that loses its connection emits here; without a listener it would crash the server.
  pool.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
  return pool;
}

function connect(): Connection {
  const pool = newPool({ max: 10 });
  // Commits here do not wait for the WAL flush: a Postgres crash may lose the last fraction of a
  // second of counts, never consistency, and a count costs no disk flush (0.5 ms instead of 1.3 ms
  // per count on the test machine).
  const counters = newPool({ max: 4, options: "-c synchronous_commit=off" });
  return { pool, db: drizzle(pool, { schema, casing: "snake_case" }), counters };
}

/** The app's database, connected on first use from DATABASE_URL. */
export function db(): Database {
  holder.__appointmentsDb ??= connect();
  return holder.__appointmentsDb.db;
}

export function pool(): pg.Pool {
  holder.__appointmentsDb ??= connect();
  return holder.__appointmentsDb.pool;
}

/**
 * For the rate-limit counters only: the same database, without waiting for durable commits. Never
 * for data whose loss would matter (appointments, sessions, the audit trail).
 */
export function counterPool(): pg.Pool {
  holder.__appointmentsDb ??= connect();
  return holder.__appointmentsDb.counters;
}

/** The server does not run as a role that holds more than the app uses: it says why, and stops. */
function exitRefusing(error: PrivilegedRoleError): void {
  console.error(`\n${error.message}\n`);
  process.exit(1);
}

/**
 * For the Next.js server (instrumentation.ts): checks that DATABASE_URL's role may serve the app,
 * now if Postgres answers, else on the first connection that succeeds, before any query runs on
 * it. `refuse` is called with what is wrong (the server exits). Resolves once checked, or once
 * Postgres was found unreachable (the check then waits for the first connection).
 */
export async function requireAppRole(
  refuse: (error: PrivilegedRoleError) => void = exitRefusing,
): Promise<{ verified: true } | { verified: false; reason: string }> {
  holder.__appointmentsRoleGuard ??= { verified: false, refuse };
  let client: pg.PoolClient;
  try {
    client = await pool().connect();
  } catch (error) {
    if (error instanceof PrivilegedRoleError) throw error;
    return { verified: false, reason: error instanceof Error ? error.message : String(error) };
  }
  client.release();
  return { verified: true };
}

/** Closes the pools (scripts and tests; the app keeps them for its lifetime). */
export async function closeDb(): Promise<void> {
  const connection = holder.__appointmentsDb;
  holder.__appointmentsDb = undefined;
  await Promise.all([connection?.pool.end(), connection?.counters.end()]);
}

/** A failure to reach Postgres (down, restarting, unreachable), as opposed to a query it refused. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? "";
  const message = error instanceof Error ? error.message : "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P03", "08006", "08001"].includes(code) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}

/** Runs `work` in a transaction on one pooled connection: committed if it resolves, rolled back if it throws. */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
