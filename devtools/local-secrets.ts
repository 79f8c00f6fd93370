/**
 * Secrets only the tools hold (the local Meilisearch's master key; the local Postgres's passwords
 * are in postgres-server.ts's credentials file): files of the data folder, 0600 in 0700 folders,
 * never .env.local, which `next start` loads into the app server.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, LOCAL_ENV_FILE, readLocalServices, removeFromLocalEnv, ROOT } from "./local-env";
import { readRunningDemo } from "./running-demo";

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
