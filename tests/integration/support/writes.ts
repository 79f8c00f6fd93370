import { inject } from "vitest";
import { SLOT_MINUTES } from "@/lib/common/write-contract";
import { seedAppointments } from "../../../devtools/seed";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "../constants";
import { masterClient } from "./meilisearch";

const SLOT_MS = SLOT_MINUTES * 60_000;

/** The n-th half-hour slot from a week ahead: distinct n, distinct slot; always in the future. */
export function futureSlot(n: number, now = Date.now()): Date {
  return new Date(Math.ceil(now / SLOT_MS) * SLOT_MS + 7 * 86_400_000 + n * SLOT_MS);
}

/** Puts Postgres and the index back to the seeded state the other test files count on. */
export async function reseed(): Promise<void> {
  const { indexUid } = inject("meili");
  await seedAppointments({
    client: masterClient(),
    databaseUrl: inject("database").ownerUrl,
    indexUid,
    count: TEST_SEED_COUNT,
    referenceTime: TEST_REFERENCE_TIME,
  });
}
