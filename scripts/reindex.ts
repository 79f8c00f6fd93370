/**
 * `npm run reindex`: rebuilds the index from Postgres, the source of truth, into a staging index
 * swapped in atomically (searches never see a half-built index; the index uid, which every
 * session's parent key names, stays). Changes committed meanwhile wait in the outbox and reach the
 * new index.
 *
 * `npm run reindex -- --check`: changes nothing. Reports documents missing from the index, extra
 * in it, or different from Postgres, per clinic, doctor and patient. Exits 0 when there is no
 * drift, 1 when there is (changes still syncing through the outbox are not drift).
 *
 * Uses MEILI_HOST and DATABASE_URL, or those of a running `npm run demo`. Exits 1 with the step
 * that failed.
 */
import { parseArgs } from "node:util";
import { redactUrl } from "../lib/db/migrate";
import { checkDrift } from "../lib/sync/drift-check";
import { formatDriftReport } from "../lib/sync/drift-report";
import { reindexFromDatabase } from "../lib/sync/rebuild";
import { Progress } from "../devtools/progress";
import { scriptServices } from "../devtools/script-services";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const failure = values.check ? "Drift check failed" : "Reindex failed";

async function main() {
  const { env, databaseUrl, client } = await scriptServices();

  if (values.check) {
    console.log(`Checking index "${env.indexUid}" at ${env.host} against ${redactUrl(databaseUrl)}`);
    const report = await checkDrift({
      client,
      databaseUrl,
      indexUid: env.indexUid,
      progress: (total) => new Progress(total, "documents"),
    });
    for (const line of formatDriftReport(report)) console.log(line);
    process.exitCode = report.tally.hasDrift ? 1 : 0;
    return;
  }

  console.log(`Rebuilding index "${env.indexUid}" at ${env.host} from ${redactUrl(databaseUrl)}`);
  const result = await reindexFromDatabase({
    client,
    databaseUrl,
    indexUid: env.indexUid,
    progress: (total) => new Progress(total, "appointments"),
    log: (line) => console.log(`  ${line}`),
  });
  const rate = Math.round(result.documents / result.seconds).toLocaleString("en-US");
  console.log(
    `Done: ${result.documents.toLocaleString("en-US")} appointments in ${result.seconds.toFixed(1)} s (${rate}/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(`${failure}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
