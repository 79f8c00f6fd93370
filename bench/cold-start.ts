/**
 * 5. Cold start: from `npm run demo` to the first successful search (sign in, token, search
 * Meilisearch with it), with an empty data directory and with the index already seeded.
 *
 * The demo keeps its data in .data/ and its secrets in .env.local next to its own scripts, so it
 * runs from the bench build's copy (.data/bench-app), never from the working tree: the developer's
 * .data and .env.local are left alone. The production build is already there in both cases, so
 * this is start-up, not build, time. "Empty" means no .data and no .env.local at all, so it also
 * includes verifying and copying the Meilisearch binary, initialising Postgres and generating the
 * secrets.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { freePort } from "../devtools/ports";
import { signInForCookie as signIn } from "../devtools/sign-in";
import { spawnManaged } from "./lib/processes";
import { spread, type Spread } from "./lib/stats";

export interface ColdStartRow {
  case: "empty data directory" | "index already seeded";
  /** Spawn -> the demo's own log lines: where the time goes. */
  phases: Record<string, Spread>;
  /** Spawn -> the demo prints "ready". */
  readySeconds: Spread;
  /** Spawn -> a search with a freshly issued tenant token answered 200 with hits. */
  firstSearchSeconds: Spread;
}

/** Variables the demo must not inherit from the bench (or the developer's shell). */
const DEMO_OWNED =
  /^(MEILI_|NEXTAUTH_|RATE_LIMIT_|PORT$|TENANT_TOKEN_|DATABASE_URL$|DATABASE_OWNER_URL$|PG_PORT$|POSTGRES_)/;

async function firstSearch(baseURL: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const health = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (health.ok) {
        const cookie = await signIn(baseURL, "john");
        const grant = (await (
          await fetch(`${baseURL}/api/search-token`, { method: "POST", headers: { cookie } })
        ).json()) as {
          token: string;
          host: string;
          indexUid: string;
        };
        const search = await fetch(`${grant.host}/indexes/${grant.indexUid}/search`, {
          method: "POST",
          headers: { Authorization: `Bearer ${grant.token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ q: "cold" }),
        });
        const body = (await search.json()) as { hits?: unknown[] };
        if (search.ok && body.hits && body.hits.length > 0) return;
      }
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no successful search through ${baseURL} before the deadline`);
}

/** Log lines of scripts/demo.ts that mark the end of a phase. */
const PHASES: [label: string, marker: RegExp][] = [
  ["demo script running", /\[demo\]/],
  // Logged once both services answer and the migrations are applied.
  ["Meilisearch and Postgres up", /Database is up to date|Applied \d+ database migration/],
  ["index ready", /already seeded|Created the tenant-token|Reused the tenant-token/],
];

interface ColdRun {
  ready: number;
  search: number;
  phases: Record<string, number>;
}

async function coldStart(appDir: string): Promise<ColdRun> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (DEMO_OWNED.test(name)) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    MEILI_PORT: String(await freePort()),
    PG_PORT: String(await freePort()),
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const started = performance.now();
  let ready = Number.NaN;
  let output = "";
  const phases: Record<string, number> = {};
  const demo = spawnManaged("npm run demo", "npm", ["run", "demo", "--silent"], {
    cwd: appDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    const now = (performance.now() - started) / 1000;
    for (const [label, marker] of PHASES) if (!(label in phases) && marker.test(output)) phases[label] = now;
    if (Number.isNaN(ready) && output.includes("Appointments is ready")) ready = (performance.now() - started) / 1000;
  };
  demo.child.stdout!.on("data", collect);
  demo.child.stderr!.on("data", collect);
  try {
    await firstSearch(`http://localhost:${port}`, Date.now() + 180_000);
    const search = (performance.now() - started) / 1000;
    if (output.includes("Building the app"))
      throw new Error("the demo rebuilt the app; cold start must not include a build");
    return { ready, search, phases };
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- demo output ---\n${output.slice(-2000)}`,
    );
  } finally {
    await demo.stop();
  }
}

export async function benchColdStart({
  appDir,
  rounds,
  log,
}: {
  appDir: string;
  rounds: number;
  log: (line: string) => void;
}): Promise<ColdStartRow[]> {
  const empty: ColdRun[] = [];
  const seeded: ColdRun[] = [];
  for (let round = 0; round < rounds; round++) {
    rmSync(path.join(appDir, ".data"), { recursive: true, force: true });
    rmSync(path.join(appDir, ".env.local"), { force: true });
    empty.push(await coldStart(appDir));
    seeded.push(await coldStart(appDir));
    log(
      `cold start round ${round + 1}/${rounds}: empty ${empty.at(-1)!.search.toFixed(1)} s, seeded ${seeded.at(-1)!.search.toFixed(1)} s to first search`,
    );
  }
  const row = (label: ColdStartRow["case"], runs: ColdRun[]): ColdStartRow => ({
    case: label,
    phases: Object.fromEntries(
      PHASES.map(([phase]) => [phase, spread(runs.map((r) => r.phases[phase] ?? Number.NaN))]),
    ),
    readySeconds: spread(runs.map((r) => r.ready)),
    firstSearchSeconds: spread(runs.map((r) => r.search)),
  });
  return [row("empty data directory", empty), row("index already seeded", seeded)];
}
