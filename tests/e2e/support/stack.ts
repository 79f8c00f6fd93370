/**
 * The end-to-end stack, run by Playwright's webServer: a throwaway Meilisearch (free port,
 * temporary data, random master key), a seeded index, a production build and two app servers:
 *  - the main one, with rate limits raised so tests can sign in freely;
 *  - a strict one, with 5-second tokens and the default rate limits.
 * SIGUSR1 stops Meilisearch and SIGUSR2 starts it again (outage tests). SIGTERM stops everything.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { DEFAULT_SEARCH_KEY_UID } from "../../../lib/env";
import {
  startMeilisearch,
  startThrowawayMeilisearch,
  type MeilisearchServer,
} from "../../../scripts/lib/meilisearch-server";
import { seedAppointments, settleTask } from "../../../scripts/lib/seed";
import { createShutdown, exitCode } from "../../../scripts/lib/processes";
import { buildIsStale, runNext, waitForUrl } from "../../../scripts/lib/stack";
import { HOSTILE_APPOINTMENTS } from "./hostile-documents";
import { E2E_SEED_COUNT, STACK_INFO_FILE, type StackInfo } from "./stack-info";

const log = (line: string) => console.log(`[e2e-stack] ${line}`);

async function main() {
  const port = Number(process.env.E2E_PORT ?? 3107);
  const throwaway = await startThrowawayMeilisearch("appointments-e2e");
  const { masterKey } = throwaway;
  // The outage test restarts it in place: same port, key and data.
  const restartMeili = () =>
    startMeilisearch({ masterKey, port: throwaway.port, dbPath: throwaway.dbPath, logFile: throwaway.logFile });
  let meili: MeilisearchServer | undefined = throwaway;
  const indexUid = "appointments";

  const admin = new Meilisearch({ host: meili.host, apiKey: masterKey });
  await seedAppointments({ client: admin, indexUid, searchKeyUid: DEFAULT_SEARCH_KEY_UID, count: E2E_SEED_COUNT });
  await settleTask(admin, "hostile documents", admin.index(indexUid).addDocuments(HOSTILE_APPOINTMENTS));
  log(`Meilisearch ${meili.host} seeded with ${E2E_SEED_COUNT + HOSTILE_APPOINTMENTS.length} appointments`);

  const shutdown = createShutdown({
    afterChildren: async () => {
      await meili?.stop();
      await throwaway.dispose();
    },
    log,
  });
  process.on("SIGUSR1", () => {
    log("Stopping Meilisearch (outage test)");
    void meili?.stop().then(() => (meili = undefined));
  });
  process.on("SIGUSR2", () => {
    log("Starting Meilisearch again");
    void restartMeili().then((server) => (meili = server));
  });

  const common = {
    ...process.env,
    MEILI_HOST: meili.host,
    MEILI_MASTER_KEY: masterKey,
    MEILI_INDEX: indexUid,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  // The build sees the same secrets as the servers, so the build scan proves they stay out of
  // the client bundles. In CI (and with E2E_REBUILD=1) the build is always fresh.
  const rebuild = Boolean(process.env.CI || process.env.E2E_REBUILD) || buildIsStale();
  if (rebuild) {
    log("Building the app…");
    const build = shutdown.track(runNext(["build"], common));
    if ((await exitCode(build)) !== 0) return shutdown.run(1);
  }

  const info: StackInfo = {
    pid: process.pid,
    baseURL: `http://localhost:${port}`,
    strictURL: `http://localhost:${port + 1}`,
    meiliHost: meili.host,
    masterKey,
    nextAuthSecret: common.NEXTAUTH_SECRET,
    indexUid,
    searchKeyUid: DEFAULT_SEARCH_KEY_UID,
    builtWithStackSecrets: rebuild,
  };
  mkdirSync(path.dirname(STACK_INFO_FILE), { recursive: true });
  writeFileSync(STACK_INFO_FILE, JSON.stringify(info, null, 2), { mode: 0o600 });
  const servers = [
    { port, env: { RATE_LIMIT_LOGIN_PER_MINUTE: "10000", RATE_LIMIT_TOKEN_PER_MINUTE: "10000" } },
    { port: port + 1, env: { TENANT_TOKEN_TTL_SECONDS: "5" } },
  ];
  for (const server of servers) {
    const url = `http://localhost:${server.port}`;
    const child = shutdown.track(
      runNext(["start", "-p", String(server.port)], { ...common, ...server.env, NEXTAUTH_URL: url }),
    );
    child.once("exit", () => void shutdown.run(1));
    if (!(await waitForUrl(`${url}/api/health`, 60_000, child))) return shutdown.run(1);
  }

  log(`Ready: ${info.baseURL} and ${info.strictURL}`);
}

main().catch((error: unknown) => {
  console.error(`[e2e-stack] ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
