import "server-only";
import { assertAuthConfigured, getMeiliEnv } from "../env";
import { adminClient } from "./admin";
import { indexStatsOrNull } from "./errors";

export type Readiness =
  | { ok: true; index: { uid: string; documents: number } }
  | { ok: false; reason: "meilisearch_unreachable" | "index_missing" | "misconfigured"; message: string };

/**
 * Ready = every security setting is valid, Meilisearch answers and the index exists. Cheap enough
 * for a readiness probe. A server that refuses sign-in because of its settings is not ready.
 */
export async function checkReadiness(): Promise<Readiness> {
  let env;
  try {
    assertAuthConfigured();
    env = getMeiliEnv();
  } catch {
    return {
      ok: false,
      reason: "misconfigured",
      message: "Some settings are missing or invalid, so sign-in and search are off. The server log names them.",
    };
  }
  const client = adminClient();
  try {
    await client.health();
  } catch {
    return { ok: false, reason: "meilisearch_unreachable", message: "Meilisearch does not answer." };
  }
  let stats;
  try {
    stats = await indexStatsOrNull(client, env.indexUid);
  } catch {
    return { ok: false, reason: "meilisearch_unreachable", message: "Meilisearch did not return the index." };
  }
  if (!stats) {
    return {
      ok: false,
      reason: "index_missing",
      message: `Index "${env.indexUid}" does not exist. Run \`npm run seed\`.`,
    };
  }
  return { ok: true, index: { uid: env.indexUid, documents: stats.numberOfDocuments } };
}
