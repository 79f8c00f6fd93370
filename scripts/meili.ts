/** `npm run meili`: just the local Meilisearch of `npm run demo`, in the foreground. */
import path from "node:path";
import { ENV_DEFAULTS } from "../lib/env-defaults";
import { loadLocalEnv, ROOT } from "../devtools/local-env";
import { localMeiliMasterKey, meiliMasterKeyFile } from "../devtools/local-secrets";
import { startLocalMeilisearch } from "../devtools/meilisearch-server";
import { isPortFree } from "../devtools/ports";

async function main() {
  loadLocalEnv();
  const masterKey = localMeiliMasterKey(console.log);
  const port = Number(process.env.MEILI_PORT || ENV_DEFAULTS.MEILI_PORT);
  if (!(await isPortFree(port))) throw new Error(`Port ${port} is in use; set MEILI_PORT to another port.`);
  const server = await startLocalMeilisearch({ masterKey, port });
  const keyFile = path.relative(ROOT, meiliMasterKeyFile());
  console.log(`Meilisearch is running at ${server.host} (master key in ${keyFile}, log in ${server.logFile}).`);
  console.log(
    `Use it from another shell with MEILI_HOST=${server.host} MEILI_MASTER_KEY="$(cat ${keyFile})". Ctrl-C stops it.`,
  );
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
