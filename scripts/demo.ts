/**
 * `npm run demo`: local Meilisearch and Postgres (unless MEILI_HOST / DATABASE_URL are set),
 * migrations, demo data if needed, production build, `next start` on PORT (default 3000). While it
 * is up, dataDir()/running.json tells other scripts where its services are. Ctrl-C stops the app,
 * then the services.
 */
import { redactUrl } from "../lib/db/migrate";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../lib/common/demo-accounts";
import { ENV_DEFAULTS } from "../lib/env-defaults";
import { ensureGeneratedSecrets, loadLocalEnv } from "../devtools/local-env";
import { writeRunningDemo } from "../devtools/running-demo";
import { isPortFree } from "../devtools/ports";
import { createShutdown, exitCode, type Shutdown } from "../devtools/processes";
import { prepareServices, type PreparedServices } from "../devtools/demo-services";
import { buildIsStale, runNext, waitForUrl } from "../devtools/next-app";

const log = (line: string) => console.log(`[demo] ${line}`);

/**
 * Where the app listens: HOST, `localhost` by default, so only this machine can reach it. With
 * `-H localhost`, Next's banner prints http://localhost:PORT as both its "Local" and "Network"
 * address, the origin NEXTAUTH_URL names; `-H 127.0.0.1` would print http://127.0.0.1:PORT, another
 * origin, whose sign-in the same-origin check refuses. HOST=0.0.0.0 listens everywhere on purpose.
 */
function appHost(): { host: string; everywhere: boolean } {
  const host = process.env.HOST || ENV_DEFAULTS.HOST;
  return { host, everywhere: host === "0.0.0.0" || host === "::" };
}

async function appPort(dev: boolean): Promise<number> {
  const port = Number(process.env.PORT || ENV_DEFAULTS.PORT);
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
  const { host, everywhere } = appHost();
  const url = `http://${everywhere ? "localhost" : host}:${port}`;
  // The server runs as the app's role (DATABASE_URL): the owner's URL stays with the scripts. Set
  // but empty rather than deleted, so Next.js loads none from .env.local either.
  const env = {
    ...process.env,
    PORT: String(port),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url,
    DATABASE_OWNER_URL: "",
  };
  if (everywhere) {
    log(`HOST=${host}: listening on every interface; sign-in works only from ${env.NEXTAUTH_URL} (NEXTAUTH_URL)`);
  }
  if (!dev && !(await buildIfNeeded(shutdown, env))) return shutdown.run(1);

  const server = shutdown.track(runNext([dev ? "dev" : "start", "-p", String(port), "-H", host], env));
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
