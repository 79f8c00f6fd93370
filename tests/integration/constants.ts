export const TEST_SEED_COUNT = 2_000;
/** A fixed day, so expected documents are the same on every run. */
export const TEST_REFERENCE_TIME = Date.UTC(2026, 0, 15) / 1000;
