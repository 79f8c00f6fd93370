/**
 * .env.local handling for the scripts: load it the way Next.js does, and on first run generate
 * the secrets a local setup needs, so `npm run demo` works with no manual step.
 */
import { randomBytes } from "node:crypto";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { ENV_DEFAULTS } from "../../lib/env-defaults";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const LOCAL_ENV_FILE = path.join(ROOT, ".env.local");

/**
 * Where `npm run demo`, `npm run dev` and `npm run meili` keep their Meilisearch and Postgres data
 * and logs: APP_DATA_DIR (relative to the project root), `.data/` by default. Give each concurrent
 * run its own, so two demos, a benchmark and the tests never write into the same database. Read on
 * each call, because .env.local is loaded after this module.
 */
export function dataDir(): string {
  return path.resolve(ROOT, process.env.APP_DATA_DIR || ENV_DEFAULTS.APP_DATA_DIR);
}

export function loadLocalEnv(): void {
  nextEnv.loadEnvConfig(ROOT, false, { info: () => {}, error: console.error });
}

const GENERATED = {
  NEXTAUTH_SECRET: "Signs and encrypts NextAuth session cookies (generated).",
} as const;

/** Generates each missing secret into .env.local (gitignored) and the current environment. */
export function ensureGeneratedSecrets(names: (keyof typeof GENERATED)[]): string[] {
  const generated: string[] = [];
  for (const name of names) {
    if (process.env[name]) continue;
    const value = randomBytes(32).toString("base64url");
    const existing = existsSync(LOCAL_ENV_FILE) ? readFileSync(LOCAL_ENV_FILE, "utf8") : "";
    const separator = existing && !existing.endsWith("\n") ? "\n" : "";
    appendFileSync(LOCAL_ENV_FILE, `${separator}# ${GENERATED[name]}\n${name}=${value}\n`, { mode: 0o600 });
    chmodSync(LOCAL_ENV_FILE, 0o600); // `mode` applies only when the file is created
    process.env[name] = value;
    generated.push(name);
  }
  return generated;
}

/**
 * A secret that only the tools use (a master key, an owner's password) lives in a file of the data
 * folder, never in .env.local: `next start` loads .env.local into the app server's environment.
 * The file is 0600; a folder it creates is 0700. Generated on first use (or set to `initial`).
 */
export function ensureSecretFile(file: string, initial?: string): { value: string; created: boolean } {
  const existing = readSecretFile(file);
  if (existing) return { value: existing, created: false };
  if (!existsSync(path.dirname(file))) makeOwnerOnlyFolder(path.dirname(file));
  const value = initial ?? randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process wrote it first: theirs is the one in use.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { value: readSecretFile(file)!, created: false };
  }
  return { value, created: true };
}

/**
 * Creates `dir` if needed and makes it 0700. Only `dir` itself: folders above it keep the usual
 * mode, since others may have to pass through them (as root, the local Postgres runs as the
 * "postgres" user, whose data sits beside this one).
 */
export function makeOwnerOnlyFolder(dir: string): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** The secret in `file` (made 0600 if it was not), or undefined when there is none. */
export function readSecretFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim() || undefined;
}

/**
 * Removes `NAME=value` lines (and the generated comment above each) from .env.local; true if there
 * was one. For secrets that moved out of it into the data folder.
 */
export function removeFromLocalEnv(name: string, file: string = LOCAL_ENV_FILE): boolean {
  if (!existsSync(file)) return false;
  const lines = readFileSync(file, "utf8").split("\n");
  const kept = lines.filter(
    (line, i) => !line.startsWith(`${name}=`) && !(line.startsWith("# ") && lines[i + 1]?.startsWith(`${name}=`)),
  );
  if (kept.length === lines.length) return false;
  writeFileSync(file, kept.join("\n"), { mode: 0o600 });
  chmodSync(file, 0o600);
  return true;
}

/** The local Meilisearch's master key: dataDir()/meilisearch/master-key. */
export function meiliMasterKeyFile(): string {
  return path.join(dataDir(), "meilisearch", "master-key");
}

/**
 * The master key of the local Meilisearch (`npm run demo`, `dev`, `meili`), from its file in the
 * data folder, generated on first run. One that an earlier version wrote into .env.local is moved
 * to the file (said through `log`). A MEILI_MASTER_KEY set in the shell wins over the file.
 */
export function localMeiliMasterKey(log: (line: string) => void, envFile: string = LOCAL_ENV_FILE): string {
  const file = meiliMasterKeyFile();
  const given = process.env.MEILI_MASTER_KEY;
  const { value, created } = ensureSecretFile(file, given);
  if (created && !given) log(`Generated the Meilisearch master key into ${path.relative(ROOT, file)}`);
  if (given && given !== value) {
    log(`MEILI_MASTER_KEY is set and differs from ${path.relative(ROOT, file)}: using MEILI_MASTER_KEY`);
    return given;
  }
  if (given && removeFromLocalEnv("MEILI_MASTER_KEY", envFile)) {
    log(
      `Moved MEILI_MASTER_KEY from .env.local to ${path.relative(ROOT, file)} (0600): ` +
        "the app server gets a key of its own (MEILI_ADMIN_KEY), never the master key",
    );
  }
  return value;
}

/**
 * The master key for the tools that rebuild the index (seed, reindex): MEILI_MASTER_KEY, or, when
 * MEILI_HOST is the local Meilisearch of `npm run demo` (recorded in .env.local, or running), the
 * one in its data folder. Undefined otherwise.
 */
export function masterKeyForTools(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.MEILI_MASTER_KEY) return env.MEILI_MASTER_KEY;
  const demoHosts = [readLocalServices().MEILI_HOST, readRunningDemo()?.meiliHost];
  return env.MEILI_HOST && demoHosts.includes(env.MEILI_HOST) ? readSecretFile(meiliMasterKeyFile()) : undefined;
}

/**
 * The block of .env.local in which `npm run demo` (and `npm run dev`) records the local Postgres
 * and Meilisearch it started, so that another `next start` in this folder joins them as a second
 * instance. Its values are the demo's own: when DATABASE_URL or MEILI_HOST equals the recorded
 * one, the next demo starts that server again instead of taking it for an external one.
 */
const SERVICES_BEGIN = "# >>> local services of `npm run demo` (rewritten on each run; it starts them itself)";
const SERVICES_END = "# <<< local services of `npm run demo`";
export type LocalServices = Partial<Record<"DATABASE_URL" | "MEILI_HOST" | "MEILI_ADMIN_KEY", string>>;

function splitServicesBlock(text: string): { before: string; block: string; after: string } {
  const begin = text.indexOf(SERVICES_BEGIN);
  const end = begin < 0 ? -1 : text.indexOf(SERVICES_END, begin);
  if (begin < 0 || end < 0) return { before: text, block: "", after: "" };
  const close = end + SERVICES_END.length;
  return { before: text.slice(0, begin), block: text.slice(begin, close), after: text.slice(close).replace(/^\n/, "") };
}

/** The values the demo recorded in .env.local's block (none when there is no block). */
export function readLocalServices(file: string = LOCAL_ENV_FILE): LocalServices {
  if (!existsSync(file)) return {};
  const services: LocalServices = {};
  for (const line of splitServicesBlock(readFileSync(file, "utf8")).block.split("\n")) {
    const match = /^(DATABASE_URL|MEILI_HOST|MEILI_ADMIN_KEY)=(.*)$/.exec(line);
    if (match) services[match[1] as keyof LocalServices] = match[2];
  }
  return services;
}

/** Replaces the block with `services` (or appends it), keeping the rest of the file as it was. */
export function recordLocalServices(services: LocalServices, file: string = LOCAL_ENV_FILE): void {
  const entries = Object.entries(services).filter(([, value]) => value);
  const { before, after } = splitServicesBlock(existsSync(file) ? readFileSync(file, "utf8") : "");
  const head = before && !before.endsWith("\n") ? `${before}\n` : before;
  const block = [SERVICES_BEGIN, ...entries.map(([name, value]) => `${name}=${value}`), SERVICES_END].join("\n");
  writeFileSync(file, entries.length === 0 ? head + after : `${head}${block}\n${after}`, { mode: 0o600 });
  chmodSync(file, 0o600); // secrets and a password inside, whatever mode the file had
}

/** What a running `npm run demo` publishes for other scripts (seed, reindex, db:migrate) to find. */
export interface RunningDemo {
  pid: number;
  appUrl: string;
  meiliHost: string;
  databaseUrl: string;
}

/** dataDir()/running.json: written once the demo is ready, deleted when it stops. Holds a password: mode 0600. */
export function runningDemoFile(): string {
  return path.join(dataDir(), "running.json");
}

/** The file's content, or undefined when it is not a complete RunningDemo. */
export function parseRunningDemo(text: string): RunningDemo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { pid, appUrl, meiliHost, databaseUrl } = value as Record<string, unknown>;
  if (!Number.isInteger(pid) || (pid as number) <= 0) return undefined;
  if (typeof appUrl !== "string" || typeof meiliHost !== "string" || typeof databaseUrl !== "string") return undefined;
  return { pid: pid as number, appUrl, meiliHost, databaseUrl };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The demo running on this data folder, if any. A file left by a demo that was killed names a
 * dead pid and is ignored.
 */
export function readRunningDemo(file: string = runningDemoFile()): RunningDemo | undefined {
  if (!existsSync(file)) return undefined;
  const demo = parseRunningDemo(readFileSync(file, "utf8"));
  return demo && isProcessAlive(demo.pid) ? demo : undefined;
}

/** Publishes `demo` (written under a temporary name, then renamed). Returns a remover that deletes it if it is still ours. */
export function writeRunningDemo(demo: RunningDemo, file: string = runningDemoFile()): () => void {
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
  return () => {
    if (existsSync(file) && parseRunningDemo(readFileSync(file, "utf8"))?.pid === demo.pid)
      rmSync(file, { force: true });
  };
}

/** The variables a running demo can supply, and the field of running.json each comes from. */
const FROM_RUNNING_DEMO = { MEILI_HOST: "meiliHost", DATABASE_URL: "databaseUrl" } as const;
export type RunningDemoVariable = keyof typeof FROM_RUNNING_DEMO;

/**
 * Lets a script reach the services of a running `npm run demo` with no extra environment: each of
 * MEILI_HOST and DATABASE_URL that is unset is taken from running.json. Variables that are set
 * always win (the demo's record in .env.local names the same servers). Call it after
 * loadLocalEnv(). Returns the names it filled in.
 */
export function fillFromRunningDemo(
  env: Record<string, string | undefined> = process.env,
  file: string = runningDemoFile(),
): RunningDemoVariable[] {
  const missing = (Object.keys(FROM_RUNNING_DEMO) as RunningDemoVariable[]).filter((name) => !env[name]);
  if (missing.length === 0) return [];
  const demo = readRunningDemo(file);
  if (!demo) return [];
  for (const name of missing) env[name] = demo[FROM_RUNNING_DEMO[name]];
  return missing;
}

/** `env[name]`, or an error that says how to provide it. */
export function requireServiceVariable(
  name: RunningDemoVariable,
  env: Record<string, string | undefined> = process.env,
): string {
  const value = env[name];
  if (value) return value;
  throw new Error(
    `${name} is not set, and no \`npm run demo\` is running (it would have written ${runningDemoFile()}). ` +
      `Start \`npm run demo\`, or set ${name}.`,
  );
}
