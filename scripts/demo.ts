/**
 * `npm run demo`: local Meilisearch (unless MEILI_HOST is set), seed if needed, production build,
 * `next start` on PORT (default 3000). Ctrl-C stops everything.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../lib/common/demo-accounts";
import { ensureGeneratedSecrets, loadLocalEnv } from "./lib/local-env";
import { isPortFree } from "./lib/meilisearch-server";
import { createShutdown, exitCode, type Shutdown } from "./lib/processes";
import { buildIsStale, prepareSearch, runNext, waitForUrl, type PreparedSearch } from "./lib/stack";

const log = (line: string) => console.log(`[demo] ${line}`);

async function appPort(dev: boolean): Promise<number> {
  const port = Number(process.env.PORT ?? 3000);
  if (!(await isPortFree(port, "0.0.0.0"))) {
    throw new Error(
      `Port ${port} is already in use. Stop what runs there, or choose another: PORT=3001 npm run ${dev ? "dev" : "demo"}`,
    );
  }
  return port;
}

/** Builds the app unless a build newer than every source file exists. Resolves false if it failed. */
async function buildIfNeeded(shutdown: Shutdown, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!process.argv.includes("--rebuild") && !buildIsStale()) return true;
  log("Building the app (next build)…");
  return (await exitCode(shutdown.track(runNext(["build"], env)))) === 0;
}

function printReady(url: string, search: PreparedSearch): void {
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
  console.log(
    [
      "",
      `  Appointments is ready: ${url}`,
      `  Meilisearch: ${search.host}${search.local ? " (local, started by this command)" : ""}`,
      "",
      `  Demo accounts (password ${DEMO_PASSWORD}):`,
      ...DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(width)}  ${a.displayName}`),
      "",
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

async function main() {
  const dev = process.argv.includes("--dev");
  loadLocalEnv();
  for (const name of ensureGeneratedSecrets(["NEXTAUTH_SECRET"])) log(`Generated ${name} into .env.local`);
  const port = await appPort(dev);

  const search = await prepareSearch(log);
  const shutdown = createShutdown({ afterChildren: search.stop, log });
  const url = `http://localhost:${port}`;
  const env = { ...process.env, PORT: String(port), NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url };
  if (!dev && !(await buildIfNeeded(shutdown, env))) return shutdown.run(1);

  const server = shutdown.track(runNext(dev ? ["dev", "-p", String(port)] : ["start", "-p", String(port)], env));
  server.once("exit", (code) => void shutdown.run(code ?? 1));
  if (!(await waitForUrl(`${url}/api/health`, 120_000, server))) {
    log("The app did not become ready; see the output above.");
    return shutdown.run(1);
  }
  printReady(url, search);
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
