/**
 * The seed under measurement, in its own process so its peak RSS is its own: runs the same
 * seedAppointments() as `npm run seed` and prints one JSON line with the result.
 * Started by bench/seeding.ts with `node --import tsx` (one process, no tsx wrapper in between).
 */
import { Meilisearch } from "meilisearch";
import { seedAppointments } from "../devtools/seed";

async function main() {
  const env = process.env;
  const client = new Meilisearch({
    host: env.BENCH_MEILI_HOST!,
    apiKey: env.BENCH_MEILI_KEY!,
    timeout: 10 * 60_000,
  });
  const result = await seedAppointments({
    client,
    databaseUrl: env.BENCH_DATABASE_URL!,
    indexUid: env.BENCH_INDEX!,
    count: Number(env.BENCH_COUNT),
    referenceTime: Number(env.BENCH_REFERENCE_TIME),
  });
  // ru_maxrss: the process's peak resident set, in KiB on Linux (same as VmHWM).
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ documents: result.documents, seconds: result.seconds, peakRssMB }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
