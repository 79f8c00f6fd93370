/**
 * `npm run seed [-- --count N] [--seed S]`: replaces the appointments in Postgres with generated
 * ones and rebuilds the index from Postgres atomically. Sessions' parent keys are not the seed's:
 * sign-in creates them. Idempotent. Exits 1 with the step that failed.
 */
import { parseArgs } from "node:util";
import { redactUrl } from "../lib/db/migrate";
import { databaseOwnerUrl } from "../devtools/database-owner";
import { Progress } from "../devtools/progress";
import { scriptServices } from "../devtools/script-services";
import { DEFAULT_SEED_COUNT, seedAppointments } from "../devtools/seed";

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

  const { env, client } = await scriptServices();
  // Replacing the appointments (TRUNCATE) and the directory is the owner's, never the app's.
  const databaseUrl = databaseOwnerUrl();
  console.log(
    `Seeding ${count.toLocaleString("en-US")} appointments into ${redactUrl(databaseUrl)}, then "${env.indexUid}" at ${env.host}`,
  );
  const result = await seedAppointments({
    client,
    databaseUrl,
    indexUid: env.indexUid,
    count,
    seed: Number(values.seed),
    batchSize,
    progress: (total) => new Progress(total, "appointments"),
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
