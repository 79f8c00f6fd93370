/**
 * The end-to-end stack, run by Playwright's webServer: a throwaway Meilisearch (free port,
 * temporary data, random master key) and Postgres (free port, temporary data, the owner and app
 * roles with random passwords), migrated and seeded as the owner, a production build and two app servers:
 *  - the main one, with rate limits raised so tests can sign in freely;
 *  - a strict one, with 5-second tokens and the default rate limits.
 *
 * Outage tests stop and restart one service in place (same port, credentials and data), with a
 * signal: SIGUSR1 stops it and SIGUSR2 starts it again. The service is named in the control file
 * (STACK_CONTROL_FILE: "meilisearch" or "postgres"), which `outage()` in stack-info.ts writes just
 * before signalling and the stack deletes on reading; with no control file, it is Meilisearch.
 * SIGTERM stops everything.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { migrateDatabase } from "../../../lib/db/migrate";
import { ensureServerKey } from "../../../lib/meilisearch/server-key";
import {
  startMeilisearch,
  startThrowawayMeilisearch,
  type MeilisearchServer,
} from "../../../devtools/meilisearch-server";
import { startPostgres, startThrowawayPostgres, type PostgresServer } from "../../../devtools/postgres-server";
import { seedAppointments } from "../../../devtools/seed";
import { createShutdown, exitCode } from "../../../devtools/processes";
import { buildIsStale, runNext, waitForUrl } from "../../../devtools/next-app";
import { HOSTILE_APPOINTMENTS } from "./hostile-documents";
import { E2E_SEED_COUNT, STACK_CONTROL_FILE, STACK_INFO_FILE, type OutageService, type StackInfo } from "./stack-info";

const log = (line: string) => console.log(`[e2e-stack] ${line}`);

async function main() {
  const port = Number(process.env.E2E_PORT ?? 3107);
  const [throwaway, throwawayDb] = await Promise.all([
    startThrowawayMeilisearch("appointments-e2e"),
    startThrowawayPostgres("appointments-e2e-pg"),
  ]);
  const { masterKey } = throwaway;
  // The app servers get the app's role only; the owner migrates and seeds, and `npm run users`
  // (tests that deactivate an account) runs as the owner too.
  const databaseUrl = throwawayDb.appUrl;
  const databaseOwnerUrl = throwawayDb.ownerUrl;
  const indexUid = "appointments";
  const running: { meilisearch?: MeilisearchServer; postgres?: PostgresServer } = {
    meilisearch: throwaway,
    postgres: throwawayDb,
  };
  // Outage tests restart a service in place: same port, credentials and data.
  const restart: Record<OutageService, () => Promise<unknown>> = {
    meilisearch: async () => {
      running.meilisearch = await startMeilisearch({
        masterKey,
        port: throwaway.port,
        dbPath: throwaway.dbPath,
        logFile: throwaway.logFile,
      });
    },
    postgres: async () => {
      running.postgres = await startPostgres({
        pgdata: throwawayDb.pgdata,
        port: throwawayDb.port,
        logFile: throwawayDb.logFile,
      });
    },
  };

  const shutdown = createShutdown({
    afterChildren: async () => {
      await Promise.all([running.meilisearch?.stop(), running.postgres?.stop()]);
      await Promise.all([throwaway.dispose(), throwawayDb.dispose()]);
      rmSync(STACK_CONTROL_FILE, { force: true });
    },
    log,
  });
  rmSync(STACK_CONTROL_FILE, { force: true });
  // Read once and deleted, so a bare signal after a Postgres outage still means Meilisearch.
  const target = (): OutageService => {
    if (!existsSync(STACK_CONTROL_FILE)) return "meilisearch";
    const named = readFileSync(STACK_CONTROL_FILE, "utf8").trim();
    rmSync(STACK_CONTROL_FILE, { force: true });
    return named === "postgres" ? "postgres" : "meilisearch";
  };
  const failed = (action: string) => (error: unknown) =>
    log(`${action} failed: ${error instanceof Error ? error.message : String(error)}`);
  const stopping: Partial<Record<OutageService, Promise<void>>> = {};
  process.on("SIGUSR1", () => {
    const service = target();
    const server = running[service];
    if (!server) return;
    log(`Stopping ${service} (outage test)`);
    running[service] = undefined;
    stopping[service] = server.stop().catch(failed(`Stopping ${service}`));
  });
  process.on("SIGUSR2", () => {
    const service = target();
    if (running[service]) return;
    log(`Starting ${service} again`);
    void Promise.resolve(stopping[service])
      .then(restart[service])
      .catch(failed(`Starting ${service}`));
  });

  let serverKey: string;
  try {
    const applied = await migrateDatabase(databaseOwnerUrl, databaseUrl);
    const admin = new Meilisearch({ host: throwaway.host, apiKey: masterKey });
    await seedAppointments({
      client: admin,
      databaseUrl: databaseOwnerUrl,
      indexUid,
      count: E2E_SEED_COUNT,
      extraAppointments: HOSTILE_APPOINTMENTS,
    });
    serverKey = await ensureServerKey(admin, indexUid);
    log(
      `Postgres (${applied} migrations applied) and Meilisearch ${throwaway.host} seeded with ` +
        `${E2E_SEED_COUNT + HOSTILE_APPOINTMENTS.length} appointments`,
    );
  } catch (error) {
    console.error(`[e2e-stack] ${error instanceof Error ? error.stack : String(error)}`);
    return shutdown.run(1);
  }

  const common = {
    ...process.env,
    // The app servers hold the app's role only, whatever the shell running the tests has set.
    DATABASE_OWNER_URL: "",
    POSTGRES_PASSWORD: "",
    MEILI_HOST: throwaway.host,
    // The servers hold their own key; empty, not unset, so no .env.local can hand them a master key.
    MEILI_ADMIN_KEY: serverKey,
    MEILI_MASTER_KEY: "",
    MEILI_INDEX: indexUid,
    DATABASE_URL: databaseUrl,
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
    meiliHost: throwaway.host,
    masterKey,
    serverKey,
    databaseUrl,
    databaseOwnerUrl,
    nextAuthSecret: common.NEXTAUTH_SECRET,
    indexUid,
    builtWithStackSecrets: rebuild,
  };
  mkdirSync(path.dirname(STACK_INFO_FILE), { recursive: true });
  writeFileSync(STACK_INFO_FILE, JSON.stringify(info, null, 2), { mode: 0o600 });
  const servers = [
    // The limits count in the shared Postgres: the main server's own (high) limits keep its traffic
    // off the counters of the servers that test the default ones.
    {
      port,
      env: {
        RATE_LIMIT_LOGIN_PER_MINUTE: "10000",
        RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE: "10000",
        RATE_LIMIT_TOKEN_PER_MINUTE: "10000",
        // The write specs book more than a patient may hold (the caps are integration-tested).
        RATE_LIMIT_WRITES_PER_MINUTE: "10000",
        BOOKING_MAX_UPCOMING_PER_DOCTOR: "1000",
        BOOKING_MAX_UPCOMING: "1000",
      },
    },
    { port: port + 1, env: { TENANT_TOKEN_TTL_SECONDS: "5" } },
  ];
  for (const server of servers) {
    const url = `http://localhost:${server.port}`;
    const child = shutdown.track(
      // Loopback only, under the name its URLs use (see appHost in scripts/demo.ts).
      runNext(["start", "-p", String(server.port), "-H", "localhost"], { ...common, ...server.env, NEXTAUTH_URL: url }),
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
