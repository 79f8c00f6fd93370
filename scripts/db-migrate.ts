/**
 * `npm run db:migrate`: applies pending migrations (lib/db/migrations) to DATABASE_URL, or to the
 * database of a running `npm run demo`. Idempotent. Exits 1 with the reason on any failure.
 * `npm run demo` and the tests run the same migrations themselves.
 */
import { getDatabaseUrl } from "../lib/env";
import { migrateDatabase, redactUrl } from "../lib/db/migrate";
import { loadLocalEnv, requireServiceVariable, fillFromRunningDemo } from "./lib/local-env";

async function main() {
  loadLocalEnv();
  if (fillFromRunningDemo().includes("DATABASE_URL")) console.log("Using the database of the running `npm run demo`");
  requireServiceVariable("DATABASE_URL");
  const url = getDatabaseUrl();
  const applied = await migrateDatabase(url);
  console.log(
    applied > 0
      ? `Applied ${applied} migration${applied === 1 ? "" : "s"} to ${redactUrl(url)}`
      : `Database is up to date (${redactUrl(url)})`,
  );
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
