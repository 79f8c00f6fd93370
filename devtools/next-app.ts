/** The Next.js app as the demo, the e2e stack, the benchmarks and the screenshots run it. */
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./local-env";
import { spawnSupervised } from "./processes";

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce(
    (newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))),
    stat.mtimeMs,
  );
}

/** A production build is reused unless a source file changed after it. */
export function buildIsStale(): boolean {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > built);
}

export const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");

/** Runs `next <args>` in its own process group, stopped with its parent (see spawnSupervised). */
export function runNext(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawnSupervised(NEXT_BIN, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
}

export async function waitForUrl(url: string, timeoutMs: number, child?: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
