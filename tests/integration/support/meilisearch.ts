import { Meilisearch } from "meilisearch";
import { inject } from "vitest";

/**
 * A client holding the test Meilisearch's master key, for fixtures (scratch indexes, keys, documents
 * changed behind the app's back). The code under test holds the server's own key (setup-env.ts).
 */
export function masterClient(): Meilisearch {
  const { host, masterKey } = inject("meili");
  return new Meilisearch({ host, apiKey: masterKey });
}
