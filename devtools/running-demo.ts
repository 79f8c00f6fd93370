/**
 * How scripts find a running `npm run demo`: it publishes its app URL and services in the data
 * folder while it runs, and `seed`, `reindex`, `db:migrate`, `users` and `audit` use them for
 * whatever the environment leaves unset.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "./local-env";

/** What a running `npm run demo` publishes for other scripts (seed, reindex, db:migrate) to find. */
export interface RunningDemo {
  pid: number;
  appUrl: string;
  meiliHost: string;
  databaseUrl: string;
}

/** dataDir()/running.json: written once the demo is ready, deleted when it stops. Holds a password: mode 0600. */
function runningDemoFile(): string {
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
