/**
 * The stack under measurement: a throwaway Meilisearch (temp dir, random master key, free port), a
 * throwaway Postgres (temp dir, owner and app roles with random passwords, free port, migrated) and `next start` of the
 * bench build on a free port, as tests/e2e/support/stack.ts does.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { migrateDatabase } from "../../lib/db/migrate";
import { ensureServerKey } from "../../lib/meilisearch/server-key";
import { startThrowawayMeilisearch, type ThrowawayMeilisearch } from "../../devtools/meilisearch-server";
import { freePort } from "../../devtools/ports";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../../devtools/postgres-server";
import { waitForUrl } from "../../devtools/next-app";
import { onCleanup, spawnManaged, type ManagedChild } from "./processes";

export const INDEX_UID = "appointments";
/**
 * A search-only key the bench itself creates, for the two designs that search with a parent key on
 * the server (b: the key plus a filter; c: the bench-search proxy route). The app signs tokens with
 * per-session keys and has no such shared key.
 */
export const PROXY_KEY_UID = "3f0c9a4e-8d2b-4c6a-9e1f-7b5d2a8c4e60";

export interface BenchMeili {
  server: ThrowawayMeilisearch;
  admin: Meilisearch;
  dir: string;
}

export async function startBenchMeilisearch(): Promise<BenchMeili> {
  const server = await startThrowawayMeilisearch("appointments-bench");
  onCleanup("meilisearch", server.dispose);
  const admin = new Meilisearch({
    host: server.host,
    apiKey: server.masterKey,
    timeout: 10 * 60_000,
    requestInit: { headers: { "Accept-Encoding": "identity" } },
  });
  return { server, admin, dir: server.dir };
}

export interface BenchDatabase {
  server: ThrowawayPostgres;
  /** The app's role: what `next start` gets. */
  url: string;
  /** The owner: migrations and seeding. */
  ownerUrl: string;
}

export async function startBenchPostgres(): Promise<BenchDatabase> {
  const server = await startThrowawayPostgres("appointments-bench-pg");
  onCleanup("postgres", server.dispose);
  await migrateDatabase(server.ownerUrl, server.appUrl);
  return { server, url: server.appUrl, ownerUrl: server.ownerUrl };
}

export interface BenchApp {
  baseURL: string;
  process: ManagedChild;
}

export async function startBenchApp(appDir: string, meili: BenchMeili, database: BenchDatabase): Promise<BenchApp> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const process_ = spawnManaged(
    "next start",
    path.join(appDir, "node_modules", ".bin", "next"),
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: appDir,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        MEILI_HOST: meili.server.host,
        // The app's own key, as `npm run demo` gives it; empty, not unset, so no .env.local adds the master key.
        MEILI_ADMIN_KEY: await ensureServerKey(meili.admin, INDEX_UID),
        MEILI_MASTER_KEY: "",
        MEILI_INDEX: INDEX_UID,
        BENCH_PROXY_KEY_UID: PROXY_KEY_UID,
        DATABASE_URL: database.url,
        DATABASE_OWNER_URL: "",
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        NEXTAUTH_URL: baseURL,
        // Rate limits would throttle a load test; they are not what is measured here.
        RATE_LIMIT_LOGIN_PER_MINUTE: "1000000",
        RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE: "1000000",
        RATE_LIMIT_TOKEN_PER_MINUTE: "1000000",
        // The write benchmark books hundreds of appointments as one patient.
        RATE_LIMIT_WRITES_PER_MINUTE: "1000000",
        BOOKING_MAX_UPCOMING_PER_DOCTOR: "1000",
        BOOKING_MAX_UPCOMING: "1000",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (!(await waitForUrl(`${baseURL}/api/health`, 60_000, process_.child))) {
    throw new Error(`next start did not become ready at ${baseURL}/api/health`);
  }
  return { baseURL, process: process_ };
}
