import "server-only";
import pg from "pg";
import { getDatabaseUrl } from "../env";
import { assertAppRole, PrivilegedRoleError } from "./app-role";
import { toDatabaseError } from "./errors";

interface Connection {
  pool: pg.Pool;
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

function openPools(): Connection {
  const pool = newPool({ max: 10 });
  // Commits here do not wait for the WAL flush: a Postgres crash may lose the last fraction of a
  // second of counts, never consistency, and a count costs no disk flush (0.5 ms instead of 1.3 ms
  // per count on the test machine).
  const counters = newPool({ max: 4, options: "-c synchronous_commit=off" });
  return { pool, counters };
}

/** The app's connection pool, connected on first use from DATABASE_URL. Queries go through query(). */
export function pool(): pg.Pool {
  holder.__appointmentsDb ??= openPools();
  return holder.__appointmentsDb.pool;
}

/**
 * For the rate-limit counters only: the same database, without waiting for durable commits. Never
 * for data whose loss would matter (appointments, sessions, the audit trail).
 */
export function counterPool(): pg.Pool {
  holder.__appointmentsDb ??= openPools();
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

/** Anything a query can be sent on: the pool, or one connection (inside a transaction or a lock). */
export type Queryable = Pick<pg.Pool | pg.ClientBase, "query">;

/**
 * The one way a query is sent (every function in lib/db/queries goes through here): parameters
 * only, never values spliced into the text, and a lost connection thrown as `database_unavailable`.
 */
export async function query<Row extends pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<pg.QueryResult<Row>> {
  try {
    return await db.query<Row>(text, values as unknown[]);
  } catch (error) {
    throw toDatabaseError(error);
  }
}

/** A connection from the pool; throws `database_unavailable` when Postgres cannot be reached. */
export async function connect(): Promise<pg.PoolClient> {
  try {
    return await pool().connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
}

/** Whether Postgres answers at all (the readiness check). */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await pool().query("select 1");
    return true;
  } catch {
    return false;
  }
}
