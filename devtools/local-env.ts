/**
 * .env.local handling for the scripts: load it the way Next.js does, on first run generate the
 * secrets a local setup needs (so `npm run demo` works with no manual step), and keep the block in
 * which the demo records its local services. The project root and the data folder are named here.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { ENV_DEFAULTS } from "../lib/env-defaults";

export const ROOT = path.resolve(import.meta.dirname, "..");
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
