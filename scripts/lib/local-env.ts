/**
 * .env.local handling for the scripts: load it the way Next.js does, and on first run generate
 * the secrets a local setup needs, so `npm run demo` works with no manual step.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const LOCAL_ENV_FILE = path.join(ROOT, ".env.local");

/**
 * Where `npm run demo`, `npm run dev` and `npm run meili` keep their Meilisearch and Postgres data
 * and logs: APP_DATA_DIR (relative to the project root), `.data/` by default. Give each concurrent
 * run its own, so two demos, a benchmark and the tests never write into the same database. Read on
 * each call, because .env.local is loaded after this module.
 */
export function dataDir(): string {
  return path.resolve(ROOT, process.env.APP_DATA_DIR || ".data");
}

export function loadLocalEnv(): void {
  nextEnv.loadEnvConfig(ROOT, false, { info: () => {}, error: console.error });
}

const GENERATED = {
  MEILI_MASTER_KEY: "Master key of the local Meilisearch that `npm run demo` starts (generated).",
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
    process.env[name] = value;
    generated.push(name);
  }
  return generated;
}

/**
 * Deletes `name=` lines from .env.local, with the comment line right above each if it names
 * nothing else. Returns whether there was one.
 */
export function removeLocalEnvVariable(name: string, file: string = LOCAL_ENV_FILE): boolean {
  if (!existsSync(file)) return false;
  const lines = readFileSync(file, "utf8").split("\n");
  const kept: string[] = [];
  let removed = false;
  for (const line of lines) {
    if (line.startsWith(`${name}=`)) {
      removed = true;
      if (kept.length > 0 && kept[kept.length - 1]!.startsWith("#")) kept.pop();
      continue;
    }
    kept.push(line);
  }
  if (removed) writeFileSync(file, kept.join("\n"), { mode: 0o600 });
  return removed;
}

/**
 * The block of .env.local in which `npm run demo` (and `npm run dev`) records the local Postgres
 * and Meilisearch it started, so that another `next start` in this folder joins them as a second
 * instance. Its values are the demo's own: when DATABASE_URL or MEILI_HOST equals the recorded
 * one, the next demo starts that server again instead of taking it for an external one.
 */
const SERVICES_BEGIN = "# >>> local services of `npm run demo` (rewritten on each run; it starts them itself)";
const SERVICES_END = "# <<< local services of `npm run demo`";
export type LocalServices = Partial<Record<"DATABASE_URL" | "MEILI_HOST", string>>;

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
    const match = /^(DATABASE_URL|MEILI_HOST)=(.*)$/.exec(line);
    if (match) services[match[1] as keyof LocalServices] = match[2];
  }
  return services;
}

/** Replaces the block with `services` (or appends it), keeping the rest of the file as it was. */
export function recordLocalServices(services: LocalServices, file: string = LOCAL_ENV_FILE): void {
  const entries = Object.entries(services).filter(([, value]) => value);
  const { before, after } = splitServicesBlock(existsSync(file) ? readFileSync(file, "utf8") : "");
  const head = before && !before.endsWith("\n") ? `${before}\n` : before;
  if (entries.length === 0) return writeFileSync(file, head + after, { mode: 0o600 });
  const block = [SERVICES_BEGIN, ...entries.map(([name, value]) => `${name}=${value}`), SERVICES_END].join("\n");
  writeFileSync(file, `${head}${block}\n${after}`, { mode: 0o600 });
  chmodSync(file, 0o600); // the database URL holds its password, whatever mode the file had
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
