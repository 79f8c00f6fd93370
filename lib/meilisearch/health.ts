import "server-only";
import { databaseAnswers } from "../db/client";
import { assertAuthConfigured, getDatabaseUrl, getMeiliEnv } from "../env";
import { adminClient } from "./admin";
import { indexStatsOrNull } from "./errors";

type Failure = "meilisearch_unreachable" | "index_missing" | "database_unreachable" | "misconfigured";

/** Up or down per dependency: what anyone may know. Counts are not public (they show booking activity). */
interface Dependencies {
  database: "up" | "down";
  search: "up" | "down" | "index_missing";
}

export type Readiness =
  | { ok: true; dependencies: Dependencies }
  | { ok: false; reason: Failure; message: string; dependencies?: Dependencies };

async function searchState(indexUid: string): Promise<Dependencies["search"]> {
  const client = adminClient();
  try {
    await client.health();
    return (await indexStatsOrNull(client, indexUid)) ? "up" : "index_missing";
  } catch {
    return "down";
  }
}

/**
 * Ready = every security setting is valid, Postgres and Meilisearch answer and the index exists.
 * Cheap enough for a readiness probe; both dependencies are asked at once, and each is reported, so
 * an outage of one names it without hiding the state of the other. A server that refuses sign-in
 * because of its settings is not ready.
 */
export async function checkReadiness(): Promise<Readiness> {
  let indexUid;
  try {
    assertAuthConfigured();
    getDatabaseUrl();
    indexUid = getMeiliEnv().indexUid;
  } catch {
    return {
      ok: false,
      reason: "misconfigured",
      message: "Some settings are missing or invalid, so sign-in and search are off. The server log names them.",
    };
  }
  const [database, search] = await Promise.all([databaseAnswers(), searchState(indexUid)]);
  const dependencies: Dependencies = { database: database ? "up" : "down", search };
  if (!database)
    return { ok: false, reason: "database_unreachable", message: "Postgres does not answer.", dependencies };
  if (search === "down") {
    return { ok: false, reason: "meilisearch_unreachable", message: "Meilisearch does not answer.", dependencies };
  }
  if (search === "index_missing") {
    return {
      ok: false,
      reason: "index_missing",
      message: `Index "${indexUid}" does not exist. Run \`npm run seed\`.`,
      dependencies,
    };
  }
  return { ok: true, dependencies };
}
