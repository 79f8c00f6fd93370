import "server-only";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { applyAppPrivileges } from "./privileges";

/** The SQL migrations drizzle-kit generated from lib/db/schema.ts, applied in order, once each. */
const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, "migrations");

class MigrationError extends Error {
  override name = "MigrationError";
}

/** The role a connection URL logs in as. */
export function urlRole(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * As the owner (`ownerUrl`, DATABASE_OWNER_URL), applies every pending migration inside drizzle's
 * migration lock and journal (table `drizzle.__drizzle_migrations`), so running it twice, or from
 * two processes at once, is safe; then sets the privileges of the app's role (the user of
 * `appUrl`, DATABASE_URL) to exactly lib/db/privileges.ts's. Returns how many were applied.
 */
export async function migrateDatabase(ownerUrl: string, appUrl: string): Promise<number> {
  const appRole = urlRole(appUrl);
  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(
      `Cannot reach Postgres at ${redactUrl(ownerUrl)} (${error instanceof Error ? error.message : String(error)}). ` +
        "Is it running? `npm run demo` starts a local one; otherwise set DATABASE_OWNER_URL.",
    );
  }
  try {
    const { rows } = await client.query<{ owner: string }>("select current_user as owner");
    if (rows[0]!.owner === appRole) {
      throw new MigrationError(
        `DATABASE_URL and DATABASE_OWNER_URL both log in as "${appRole}". The app must connect as a role of its own, ` +
          'which owns nothing: see the README, section "The two database roles".',
      );
    }
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
    const applied = (await count()) - before;
    try {
      await applyAppPrivileges(client, appRole);
    } catch (error) {
      throw new MigrationError(
        `Migrations done, but granting the app's role "${appRole}" (the user of DATABASE_URL) its privileges failed: ` +
          `${error instanceof Error ? error.message : String(error)}. Create that role first: see the README, section "The two database roles".`,
      );
    }
    return applied;
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
