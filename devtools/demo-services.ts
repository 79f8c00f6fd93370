/**
 * Brings up what the app needs for `npm run demo` and `npm run dev`: a Meilisearch (local unless
 * MEILI_HOST is set), a Postgres (local unless DATABASE_URL is set) with its migrations applied,
 * the demo data, and the app server's own Meilisearch key (MEILI_ADMIN_KEY; sessions' parent keys
 * are created at sign-in, not here). The e2e stack (tests/e2e/support/stack.ts) brings up
 * throwaway servers of its own instead.
 */
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { migrateDatabase } from "../lib/db/migrate";
import { getDatabaseUrl, getMeiliEnv } from "../lib/env";
import { ENV_DEFAULTS } from "../lib/env-defaults";
import { ensureServerKey } from "../lib/meilisearch/server-key";
import { databaseOwnerUrl } from "./database-owner";
import { dataDir, readLocalServices, recordLocalServices, removeFromLocalEnv } from "./local-env";
import { localMeiliMasterKey } from "./local-secrets";
import { startLocalMeilisearch } from "./meilisearch-server";
import { portFor } from "./ports";
import { credentialsFile, localPostgresDir, startLocalPostgres } from "./postgres-server";
import { prepareDemoData } from "./demo-data";
import { assertReachable } from "./script-services";

type Log = (line: string) => void;

export interface PreparedServices {
  meiliHost: string;
  /** Meilisearch was started by this process (MEILI_HOST was unset). */
  meiliLocal: boolean;
  /** The app's role (DATABASE_URL): what the Next.js server connects as. */
  databaseUrl: string;
  /** Postgres was started by this process (DATABASE_URL was unset). */
  databaseLocal: boolean;
  /** Stops what this process started; the caller stops the app first. */
  stop: () => Promise<void>;
}

interface Started {
  local: boolean;
  stop: () => Promise<void>;
}

/** `masterKey`: the local server's, or MEILI_MASTER_KEY for one set by MEILI_HOST (if given). */
async function startMeilisearchUnlessSet(log: Log): Promise<Started & { masterKey: string | undefined }> {
  if (process.env.MEILI_HOST) {
    return { local: false, masterKey: process.env.MEILI_MASTER_KEY || undefined, stop: async () => {} };
  }
  const masterKey = localMeiliMasterKey(log);
  const port = await portFor(Number(process.env.MEILI_PORT || ENV_DEFAULTS.MEILI_PORT));
  log(`Starting Meilisearch on 127.0.0.1:${port} (data in ${path.join(dataDir(), "meilisearch")})…`);
  const server = await startLocalMeilisearch({ masterKey, port });
  process.env.MEILI_HOST = server.host;
  return { local: true, masterKey, stop: server.stop };
}

interface StartedPostgres extends Started {
  /** The owner's URL, for the migrations and the seed of this process only. */
  ownerUrl?: string;
}

async function startPostgresUnlessSet(log: Log): Promise<StartedPostgres> {
  if (process.env.DATABASE_URL) return { local: false, stop: async () => {} };
  const port = await portFor(Number(process.env.PG_PORT || ENV_DEFAULTS.PG_PORT));
  log(`Starting Postgres on 127.0.0.1:${port} (data in ${localPostgresDir()})…`);
  // Data folders made before the two roles: their superuser's password was POSTGRES_PASSWORD.
  const legacyPassword = process.env.POSTGRES_PASSWORD;
  const server = await startLocalPostgres({ port, legacyPassword });
  if (legacyPassword) {
    // The superuser's password no longer belongs where `next start` reads it.
    removeFromLocalEnv("POSTGRES_PASSWORD");
    delete process.env.POSTGRES_PASSWORD;
    log(
      `Moved POSTGRES_PASSWORD out of .env.local: the local Postgres's passwords are in ${credentialsFile(server.pgdata)}`,
    );
  }
  process.env.DATABASE_URL = server.appUrl;
  return { local: true, stop: server.stop, ownerUrl: server.ownerUrl };
}

export async function prepareServices(log: Log): Promise<PreparedServices> {
  // A value this command recorded last time (see recordLocalServices) names its own server, which
  // is not running now: start it again rather than take it for an external one.
  const recorded = readLocalServices();
  for (const name of ["DATABASE_URL", "MEILI_HOST", "MEILI_ADMIN_KEY"] as const) {
    if (recorded[name] && process.env[name] === recorded[name]) delete process.env[name];
  }
  // Both at once: neither needs the other to start.
  const started = await Promise.allSettled([startMeilisearchUnlessSet(log), startPostgresUnlessSet(log)]);
  const running = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => {
    await Promise.all(running.map((service) => service.stop()));
  };
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [meili, database] = running as [Started & { masterKey: string | undefined }, StartedPostgres];

  try {
    const { masterKey } = meili;
    const env = getMeiliEnv({ ...process.env, ...(masterKey && { MEILI_MASTER_KEY: masterKey }) });
    const databaseUrl = getDatabaseUrl();
    // The owner migrates and seeds; the app's server never gets its URL.
    const ownerUrl = database.ownerUrl ?? databaseOwnerUrl();
    const client = new Meilisearch({ host: env.host, apiKey: masterKey ?? env.adminKey });
    await assertReachable(client, env.host);
    const applied = await migrateDatabase(ownerUrl, databaseUrl);
    log(applied > 0 ? `Applied ${applied} database migration${applied === 1 ? "" : "s"}` : "Database is up to date");
    await prepareDemoData({
      client,
      databaseUrl: ownerUrl,
      indexUid: env.indexUid,
      // Demo dates are moved only on servers this command started: it rewrites every appointment,
      // which is not ours to do to someone else's database.
      local: meili.local && database.local,
      log,
    });
    // The app server gets a key with the actions it uses, never the master key (lib/meilisearch/server-key.ts).
    // Set but empty rather than deleted: Next.js then loads no MEILI_MASTER_KEY from .env.local either.
    if (masterKey) {
      process.env.MEILI_ADMIN_KEY = await ensureServerKey(client, env.indexUid);
      process.env.MEILI_MASTER_KEY = "";
      log("The app server gets its own Meilisearch key (MEILI_ADMIN_KEY), not the master key");
    }
    // A second `next start` in this folder reads .env.local and so joins these same servers.
    recordLocalServices({
      DATABASE_URL: database.local ? databaseUrl : undefined,
      MEILI_HOST: meili.local ? env.host : undefined,
      MEILI_ADMIN_KEY: meili.local ? process.env.MEILI_ADMIN_KEY : undefined,
    });
    if (meili.local || database.local) log("Recorded the local database and Meilisearch in .env.local");
    return { meiliHost: env.host, meiliLocal: meili.local, databaseUrl, databaseLocal: database.local, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
