import "server-only";
import { Meilisearch } from "meilisearch";
import { getMeiliEnv } from "../env";

let client: Meilisearch | undefined;

/** The server's privileged client. Never import this from a client component. */
export function adminClient(): Meilisearch {
  if (!client) {
    const env = getMeiliEnv();
    client = new Meilisearch({
      host: env.host,
      apiKey: env.adminKey,
      timeout: 5_000,
      // Back-to-back calls on one keep-alive connection stall ~40 ms when the reply is compressed
      // (Nagle / delayed ACK; figures in docs/meilisearch-facts.md).
      requestInit: { headers: { "Accept-Encoding": "identity" } },
    });
  }
  return client;
}
