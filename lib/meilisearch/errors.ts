import "server-only";
import { MeilisearchApiError, MeilisearchRequestError, type IndexStats, type Meilisearch } from "meilisearch";
import { AppError } from "../http/errors";

/** The Meilisearch error `code` of an API error (`api_key_not_found`, …), if it is one. */
export function meiliErrorCode(error: unknown): string | undefined {
  return error instanceof MeilisearchApiError ? error.cause?.code : undefined;
}

/**
 * A 503 the UI can explain when Meilisearch is unreachable or failing (network errors, 5xx);
 * undefined for every other error, which the caller handles as its own.
 */
export function searchUnavailableError(error: unknown): AppError | undefined {
  const unreachable =
    error instanceof MeilisearchRequestError || (error instanceof MeilisearchApiError && error.response.status >= 500);
  if (!unreachable) return undefined;
  return new AppError("search_unavailable", "Search is temporarily unavailable. Please try again shortly.", {
    cause: error,
  });
}

/** The index's stats, or `null` when the index does not exist; other failures are thrown. */
export async function indexStatsOrNull(client: Meilisearch, indexUid: string): Promise<IndexStats | null> {
  try {
    return await client.index(indexUid).getStats();
  } catch (error) {
    if (meiliErrorCode(error) === "index_not_found") return null;
    throw error;
  }
}
