/**
 * `npm run demo`: local Meilisearch and Postgres (unless MEILI_HOST / DATABASE_URL are set),
 * migrations, demo data if needed, production build, `next start` on PORT (default 3000). While it
 * is up, dataDir()/running.json tells other scripts where its services are. Ctrl-C stops the app,
 * then the services.
 */
import { redactUrl } from "../lib/db/migrate";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../lib/common/demo-accounts";
import { ensureGeneratedSecrets, loadLocalEnv, writeRunningDemo } from "./lib/local-env";
import { isPortFree } from "./lib/meilisearch-server";
import { createShutdown, exitCode, type Shutdown } from "./lib/processes";
import { buildIsStale, prepareServices, runNext, waitForUrl, type PreparedServices } from "./lib/stack";

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

function printReady(url: string, services: PreparedServices): void {
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
  const started = " (local, started by this command)";
  console.log(
    [
      "",
      `  Appointments is ready: ${url}`,
      `  Meilisearch: ${services.meiliHost}${services.meiliLocal ? started : ""}`,
      `  Database:    ${redactUrl(services.databaseUrl)}${services.databaseLocal ? started : ""}`,
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

  const services = await prepareServices(log);
  let unpublish = () => {};
  const shutdown = createShutdown({
    afterChildren: async () => {
      unpublish();
      await services.stop();
    },
    log,
  });
  const url = `http://localhost:${port}`;
  // The server runs as the app's role (DATABASE_URL): the owner's URL stays with the scripts.
  const env = { ...process.env, PORT: String(port), NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url };
  delete (env as Record<string, string | undefined>).DATABASE_OWNER_URL;
  if (!dev && !(await buildIfNeeded(shutdown, env))) return shutdown.run(1);

  const server = shutdown.track(runNext(dev ? ["dev", "-p", String(port)] : ["start", "-p", String(port)], env));
  server.once("exit", (code) => void shutdown.run(code ?? 1));
  if (!(await waitForUrl(`${url}/api/health`, 120_000, server))) {
    log("The app did not become ready; see the output above.");
    return shutdown.run(1);
  }
  unpublish = writeRunningDemo({
    pid: process.pid,
    appUrl: url,
    meiliHost: services.meiliHost,
    databaseUrl: services.databaseUrl,
  });
  printReady(url, services);
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
