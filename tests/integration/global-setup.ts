import type { TestProject } from "vitest/node";
import { Meilisearch } from "meilisearch";
import { migrateDatabase } from "../../lib/db/migrate";
import { ensureServerKey } from "../../lib/meilisearch/server-key";
import { startThrowawayMeilisearch } from "../../devtools/meilisearch-server";
import { startThrowawayPostgres } from "../../devtools/postgres-server";
import { seedAppointments } from "../../devtools/seed";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";

declare module "vitest" {
  export interface ProvidedContext {
    /** `masterKey` is for fixtures; the code under test holds `serverKey` (tests/integration/setup-env.ts). */
    meili: { host: string; masterKey: string; serverKey: string; indexUid: string; logFile: string };
    /**
     * `url` is the app's role, which the lib code under test connects as (setup-env.ts sets it as
     * DATABASE_URL); `ownerUrl` is for fixtures that reset data or change accounts, as the scripts
     * do; `superuserUrl` is the cluster's superuser, for tests that show what the app refuses to be.
     */
    database: { url: string; ownerUrl: string; superuserUrl: string };
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
    await migrateDatabase(database.value.ownerUrl, database.value.appUrl);
    const client = new Meilisearch({ host: meili.value.host, apiKey: meili.value.masterKey });
    await seedAppointments({
      client,
      databaseUrl: database.value.ownerUrl,
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
    project.provide("database", {
      url: database.value.appUrl,
      ownerUrl: database.value.ownerUrl,
      superuserUrl: database.value.superuserUrl,
    });
  } catch (error) {
    await dispose();
    throw error;
  }
  return dispose;
}
