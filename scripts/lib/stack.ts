/**
 * Brings up what the app needs. `prepareSearch` is for `npm run demo` and `npm run dev`: a
 * Meilisearch (local unless MEILI_HOST is set), a seeded index and the parent key. The e2e stack
 * (tests/e2e/support/stack.ts) seeds a throwaway Meilisearch of its own instead, and shares the
 * build and app-server helpers below.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { getMeiliEnv } from "../../lib/env";
import { ensureSearchKey } from "../../lib/meilisearch/search-key";
import { dataDir, ensureGeneratedSecrets, ROOT } from "./local-env";
import { freePort, isPortFree, startLocalMeilisearch } from "./meilisearch-server";
import { spawnSupervised } from "./processes";
import { assertReachable, needsSeed, refreshDemoData, seedAppointments } from "./seed";

export const DEFAULT_SEED_COUNT = 10_000;

export interface PreparedSearch {
  host: string;
  local: boolean;
  stop: () => Promise<void>;
}

export async function prepareSearch(log: (line: string) => void): Promise<PreparedSearch> {
  let stop = async () => {};
  let local = false;
  if (!process.env.MEILI_HOST) {
    for (const name of ensureGeneratedSecrets(["MEILI_MASTER_KEY"])) log(`Generated ${name} into .env.local`);
    const wanted = Number(process.env.MEILI_PORT ?? 7700);
    const port = (await isPortFree(wanted)) ? wanted : await freePort();
    log(`Starting Meilisearch on 127.0.0.1:${port} (data in ${path.join(dataDir(), "meilisearch")})…`);
    const server = await startLocalMeilisearch({ masterKey: process.env.MEILI_MASTER_KEY!, port });
    process.env.MEILI_HOST = server.host;
    stop = server.stop;
    local = true;
  }
  const env = getMeiliEnv();
  const client = new Meilisearch({ host: env.host, apiKey: env.adminKey });
  await assertReachable(client, env.host);

  if (await needsSeed(client, env.indexUid)) {
    log(
      `Index "${env.indexUid}" is missing or empty: seeding ${DEFAULT_SEED_COUNT.toLocaleString("en-US")} appointments…`,
    );
    await seedAppointments({
      client,
      indexUid: env.indexUid,
      searchKeyUid: env.searchKeyUid,
      count: DEFAULT_SEED_COUNT,
      progress: true,
      log,
    });
  } else {
    await ensureSearchKey(client, { uid: env.searchKeyUid, indexUid: env.indexUid });
    log(`Index "${env.indexUid}" is already seeded (run \`npm run seed\` to reload it).`);
    // Only on the Meilisearch the demo runs itself: it enables an experimental feature, which is
    // not ours to switch on in someone else's server.
    if (local) await refreshDemoData(client, env.indexUid, { log });
  }
  return { host: env.host, local, stop };
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce(
    (newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))),
    stat.mtimeMs,
  );
}

/** A production build is reused unless a source file changed after it. */
export function buildIsStale(): boolean {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > built);
}

export const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");

/** Runs `next <args>` in its own process group, stopped with its parent (see spawnSupervised). */
export function runNext(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawnSupervised(NEXT_BIN, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
}

export async function waitForUrl(url: string, timeoutMs: number, child?: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
