/**
 * `npm run seed [-- --count N] [--seed S]`: replaces the appointments in Postgres with generated
 * ones, rebuilds the index from Postgres atomically and makes sure the tenant-token parent key
 * exists. Idempotent. Exits 1 with the step that failed.
 */
import { parseArgs } from "node:util";
import { Meilisearch } from "meilisearch";
import { getDatabaseUrl, getMeiliEnv } from "../lib/env";
import { redactUrl } from "../lib/db/migrate";
import { fillFromRunningDemo, loadLocalEnv, requireServiceVariable } from "./lib/local-env";
import { assertReachable, DEFAULT_SEED_COUNT, seedAppointments } from "./lib/seed";

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: String(DEFAULT_SEED_COUNT) },
      seed: { type: "string", default: "42" },
      "batch-size": { type: "string", default: "10000" },
    },
  });
  const count = Number(values.count);
  const batchSize = Number(values["batch-size"]);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--count must be a positive whole number, got "${values.count}"`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch-size must be a positive whole number`);

  loadLocalEnv();
  const found = fillFromRunningDemo();
  if (found.length > 0) console.log(`Using the ${found.join(" and ")} of the running \`npm run demo\``);
  requireServiceVariable("MEILI_HOST");
  requireServiceVariable("DATABASE_URL");
  const env = getMeiliEnv();
  const databaseUrl = getDatabaseUrl();
  const client = new Meilisearch({ host: env.host, apiKey: env.adminKey, timeout: 60_000 });
  await assertReachable(client, env.host);
  console.log(
    `Seeding ${count.toLocaleString("en-US")} appointments into ${redactUrl(databaseUrl)}, then "${env.indexUid}" at ${env.host}`,
  );
  const result = await seedAppointments({
    client,
    databaseUrl,
    indexUid: env.indexUid,
    searchKeyUid: env.searchKeyUid,
    count,
    seed: Number(values.seed),
    batchSize,
    progress: true,
    log: (line) => console.log(`  ${line}`),
  });
  const rate = Math.round(result.documents / result.seconds).toLocaleString("en-US");
  console.log(
    `Done: ${result.documents.toLocaleString("en-US")} appointments in ${result.seconds.toFixed(1)} s (${rate}/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(`Seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
