/**
 * `npm run db:migrate`: as the owner (DATABASE_OWNER_URL), applies pending migrations
 * (lib/db/migrations), then sets the privileges of the app's role (DATABASE_URL's user) to exactly
 * lib/db/privileges.ts's. With neither set, it uses those of a running `npm run demo`. Idempotent.
 * Exits 1 with the reason on any failure. `npm run demo` and the tests run the same steps themselves.
 */
import { getDatabaseUrl } from "../lib/env";
import { migrateDatabase, redactUrl, urlRole } from "../lib/db/migrate";
import { databaseOwnerUrl } from "../devtools/database-owner";
import { loadScriptEnv } from "../devtools/script-services";

async function main() {
  loadScriptEnv("DATABASE_URL");
  const appUrl = getDatabaseUrl();
  const ownerUrl = databaseOwnerUrl();
  const applied = await migrateDatabase(ownerUrl, appUrl);
  console.log(
    applied > 0
      ? `Applied ${applied} migration${applied === 1 ? "" : "s"} to ${redactUrl(ownerUrl)}`
      : `Database is up to date (${redactUrl(ownerUrl)})`,
  );
  console.log(`The app's role "${urlRole(appUrl)}" holds exactly the grants of lib/db/privileges.ts`);
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
