/**
 * The production build the benchmarks run against: the app plus two bench-only routes
 * (bench/overlay: the authenticated baseline and the proxying search route, design (c)).
 *
 * Those routes must be in the same build as the app, so the comparison is like for like, but
 * must never be in the app itself. So the harness copies the build inputs into .data/bench-app
 * (gitignored), adds the overlay there, links node_modules, and builds that copy. The working
 * tree and its .next are never touched. The copy lives inside the repository because Turbopack
 * refuses a node_modules symlink that points outside the project's root.
 *
 * A content hash of the inputs decides whether to rebuild (a plain mtime check, as in
 * buildIsStale(), would always fire: copying refreshes every mtime).
 */
import { createHash, randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { ROOT } from "../../devtools/local-env";
import { exitCode } from "../../devtools/processes";
import { spawnManaged } from "./processes";

const BENCH_APP_DIR = path.join(ROOT, ".data", "bench-app");
const OVERLAY_DIR = path.join(ROOT, "bench", "overlay");
/** What `next build` reads, plus scripts/ so that `npm run demo` can run from the copy (cold start). */
const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "scripts",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
  "tsconfig.json",
];
/** Hashed but not copied: a second lockfile would make Next guess the workspace root (and warn). */
const HASHED_ONLY = ["package-lock.json"];
const HASH_FILE = path.join(BENCH_APP_DIR, ".bench-inputs-sha256");

function hashTree(hash: ReturnType<typeof createHash>, base: string, relative: string): void {
  const full = path.join(base, relative);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const entry of readdirSync(full).sort()) hashTree(hash, base, path.join(relative, entry));
    return;
  }
  hash.update(`${relative}\0`);
  hash.update(readFileSync(full));
}

function inputsHash(): string {
  const hash = createHash("sha256");
  for (const input of [...INPUTS, ...HASHED_ONLY]) hashTree(hash, ROOT, input);
  hashTree(hash, OVERLAY_DIR, ".");
  return hash.digest("hex");
}

export interface BenchBuild {
  dir: string;
  rebuilt: boolean;
  seconds: number;
}

/** Copies, overlays and builds unless an identical build is already there. */
export async function prepareBenchBuild(log: (line: string) => void, { force = false } = {}): Promise<BenchBuild> {
  const started = performance.now();
  const hash = inputsHash();
  const built = existsSync(path.join(BENCH_APP_DIR, ".next", "BUILD_ID")) && existsSync(HASH_FILE);
  if (!force && built && readFileSync(HASH_FILE, "utf8") === hash) {
    log(`Reusing the bench build in ${path.relative(ROOT, BENCH_APP_DIR)} (inputs unchanged)`);
    return { dir: BENCH_APP_DIR, rebuilt: false, seconds: 0 };
  }

  // Everything but .data (demo data from the cold-start runs) is recreated from scratch.
  mkdirSync(BENCH_APP_DIR, { recursive: true });
  for (const entry of readdirSync(BENCH_APP_DIR)) {
    if (entry !== ".data") rmSync(path.join(BENCH_APP_DIR, entry), { recursive: true, force: true });
  }
  for (const input of INPUTS) {
    const source = path.join(ROOT, input);
    if (existsSync(source)) cpSync(source, path.join(BENCH_APP_DIR, input), { recursive: true });
  }
  cpSync(OVERLAY_DIR, BENCH_APP_DIR, { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(BENCH_APP_DIR, "node_modules"), "dir");

  log(`Building the app with the bench routes in ${path.relative(ROOT, BENCH_APP_DIR)} (next build)…`);
  const build = spawnManaged("next build", path.join(ROOT, "node_modules", ".bin", "next"), ["build"], {
    cwd: BENCH_APP_DIR,
    // Prerendering /appointments reads the NextAuth secret before the request headers that make the
    // page dynamic, so `next build` needs one; a throwaway is enough (next start gets its own).
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_SECRET: randomBytes(32).toString("base64url") },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await exitCode(build.child);
  await build.stop();
  if (code !== 0) throw new Error(`next build failed (exit ${code}) in ${BENCH_APP_DIR}`);
  writeFileSync(HASH_FILE, hash);
  return { dir: BENCH_APP_DIR, rebuilt: true, seconds: (performance.now() - started) / 1000 };
}
