import type { TestProject } from "vitest/node";
import { Meilisearch } from "meilisearch";
import { migrateDatabase } from "../../lib/db/migrate";
import { ensureServerKey } from "../../lib/meilisearch/server-key";
import { startThrowawayMeilisearch } from "../../scripts/lib/meilisearch-server";
import { startThrowawayPostgres } from "../../scripts/lib/postgres-server";
import { seedAppointments } from "../../scripts/lib/seed";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";

declare module "vitest" {
  export interface ProvidedContext {
    /** `masterKey` is for fixtures; the code under test holds `serverKey` (tests/integration/setup-env.ts). */
    meili: { host: string; masterKey: string; serverKey: string; indexUid: string; logFile: string };
    database: { url: string };
  }
}

export default async function setup(project: TestProject) {
  const [meili, database] = await Promise.allSettled([
    startThrowawayMeilisearch("appointments-meili"),
    startThrowawayPostgres("appointments-pg"),
  ]);
  const dispose = async () => {
    await Promise.all([meili, database].map((started) => started.status === "fulfilled" && started.value.dispose()));
  };
  try {
    if (meili.status === "rejected") throw meili.reason;
    if (database.status === "rejected") throw database.reason;
    await migrateDatabase(database.value.url);
    const client = new Meilisearch({ host: meili.value.host, apiKey: meili.value.masterKey });
    await seedAppointments({
      client,
      databaseUrl: database.value.url,
      indexUid: "appointments",
      count: TEST_SEED_COUNT,
      referenceTime: TEST_REFERENCE_TIME,
    });
    project.provide("meili", {
      host: meili.value.host,
      masterKey: meili.value.masterKey,
      serverKey: await ensureServerKey(client, "appointments"),
      indexUid: "appointments",
      logFile: meili.value.logFile,
    });
    project.provide("database", { url: database.value.url });
  } catch (error) {
    await dispose();
    throw error;
  }
  return dispose;
}
