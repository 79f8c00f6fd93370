import "server-only";
import type { Meilisearch } from "meilisearch";
import { meiliErrorCode } from "./errors";
import { deleteSearchKey } from "./search-key";

/**
 * Earlier versions signed every tenant token with one shared parent key of this fixed uid and name.
 * Tokens are signed per session now (lib/meilisearch/session-keys.ts), so that key only keeps old
 * tokens alive: the rebuild (`npm run reindex`, the seed) and `npm run demo` delete it. Only a key
 * with both this uid and this name is touched.
 */
export const RETIRED_SHARED_KEY = {
  uid: "5b1d5e0c-4a52-4c8e-9d1e-2f6a7c3b9e41",
  name: "appointments-tenant-token-parent",
};

export async function retireSharedParentKey(client: Meilisearch, log?: (line: string) => void): Promise<void> {
  try {
    const key = await client.getKey(RETIRED_SHARED_KEY.uid);
    if (key.name !== RETIRED_SHARED_KEY.name) return;
  } catch (error) {
    if (meiliErrorCode(error) === "api_key_not_found") return;
    throw error;
  }
  if (await deleteSearchKey(client, RETIRED_SHARED_KEY.uid)) {
    log?.(
      `Deleted the shared parent key of an earlier version (${RETIRED_SHARED_KEY.uid}): tokens are signed per session now`,
    );
  }
}
