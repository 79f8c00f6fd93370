/**
 * .env.local handling for the scripts: load it the way Next.js does, and on first run generate
 * the secrets a local setup needs, so `npm run demo` works with no manual step.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const LOCAL_ENV_FILE = path.join(ROOT, ".env.local");

/**
 * Where `npm run demo`, `npm run dev` and `npm run meili` keep their Meilisearch data and log:
 * APP_DATA_DIR (relative to the project root), `.data/` by default. Give each concurrent run its
 * own, so two demos, a benchmark and the tests never write into the same database. Read on each
 * call, because .env.local is loaded after this module.
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
