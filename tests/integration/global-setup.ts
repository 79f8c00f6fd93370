import type { TestProject } from "vitest/node";
import { Meilisearch } from "meilisearch";
import { DEFAULT_SEARCH_KEY_UID } from "../../lib/env";
import { startThrowawayMeilisearch } from "../../scripts/lib/meilisearch-server";
import { seedAppointments } from "../../scripts/lib/seed";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";

declare module "vitest" {
  export interface ProvidedContext {
    meili: { host: string; masterKey: string; indexUid: string; searchKeyUid: string };
  }
}

export default async function setup(project: TestProject) {
  const meili = await startThrowawayMeilisearch("appointments-meili");
  const client = new Meilisearch({ host: meili.host, apiKey: meili.masterKey });
  await seedAppointments({
    client,
    indexUid: "appointments",
    searchKeyUid: DEFAULT_SEARCH_KEY_UID,
    count: TEST_SEED_COUNT,
    referenceTime: TEST_REFERENCE_TIME,
  });
  project.provide("meili", {
    host: meili.host,
    masterKey: meili.masterKey,
    indexUid: "appointments",
    searchKeyUid: DEFAULT_SEARCH_KEY_UID,
  });
  return () => meili.dispose();
}
