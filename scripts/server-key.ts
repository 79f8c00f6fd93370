/**
 * `npm run server-key`: creates (or repairs) the app server's own Meilisearch key with the master
 * key and prints it as MEILI_ADMIN_KEY=…, for a deployment's settings. Idempotent: the same value
 * every time for one master key. Uses MEILI_HOST and MEILI_MASTER_KEY (or the running demo's).
 */
import { Meilisearch } from "meilisearch";
import { getMeiliEnv } from "../lib/env";
import { ensureServerKey, SERVER_KEY_ACTIONS } from "../lib/meilisearch/server-key";
import { masterKeyForTools } from "../devtools/local-secrets";
import { loadScriptEnv } from "../devtools/script-services";

async function main() {
  loadScriptEnv("MEILI_HOST");
  const masterKey = masterKeyForTools();
  if (!masterKey) throw new Error("MEILI_MASTER_KEY is not set: the server key is created with the master key.");
  const env = getMeiliEnv({ ...process.env, MEILI_MASTER_KEY: masterKey });
  const key = await ensureServerKey(new Meilisearch({ host: env.host, apiKey: masterKey }), env.indexUid);
  console.error(`The app server's key at ${env.host}: ${SERVER_KEY_ACTIONS.join(", ")} on "${env.indexUid}".`);
  console.log(`MEILI_ADMIN_KEY=${key}`);
}

main().catch((error: unknown) => {
  console.error(`server-key failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
