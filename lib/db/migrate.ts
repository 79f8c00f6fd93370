import "server-only";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

/** The SQL migrations drizzle-kit generated from lib/db/schema.ts, applied in order, once each. */
export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, "migrations");

export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Applies every pending migration to the database at `url`, inside drizzle's migration lock and
 * journal (table `drizzle.__drizzle_migrations`), so running it twice, or from two processes at
 * once, is safe. Returns how many were applied.
 */
export async function migrateDatabase(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(
      `Cannot reach Postgres at ${redactUrl(url)} (${error instanceof Error ? error.message : String(error)}). ` +
        "Is it running? `npm run demo` starts a local one; otherwise set DATABASE_URL.",
    );
  }
  try {
    const count = async () =>
      Number(
        (
          await client
            .query<{ n: string }>(
              "select count(*) as n from drizzle.__drizzle_migrations where to_regclass('drizzle.__drizzle_migrations') is not null",
            )
            .catch(() => ({ rows: [{ n: "0" }] }))
        ).rows[0]?.n ?? 0,
      );
    const before = await count();
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    return (await count()) - before;
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await client.end();
  }
}

/** A connection URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unparseable DATABASE_URL)";
  }
}
