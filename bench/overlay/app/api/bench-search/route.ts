import { Meilisearch, type SearchParams } from "meilisearch";
import { getMeiliEnv } from "@/lib/env";
import { withSession } from "@/lib/auth/route";
import { adminClient } from "@/lib/meilisearch/admin";
import { ensureSearchKey } from "@/lib/meilisearch/search-key";
import { tenantFilterFor } from "@/lib/meilisearch/filter";

export const dynamic = "force-dynamic";

/**
 * Bench only (copied into the harness's build, never into app/): design (c), the server proxies
 * every search. Written to be as fast as a proxy reasonably gets, so the comparison is fair: one
 * cached client with the bench's search-only key (BENCH_PROXY_KEY_UID), a reused keep-alive connection, no compression on the
 * hop to Meilisearch (docs/meilisearch-facts.md: 40 ms stall), and the tenant filter ANDed in on the server.
 */
let searchClient: Promise<Meilisearch> | undefined;

function proxyClient(): Promise<Meilisearch> {
  searchClient ??= (async () => {
    const env = getMeiliEnv();
    const { parentKey } = await ensureSearchKey(adminClient(), {
      uid: process.env.BENCH_PROXY_KEY_UID!,
      indexUid: env.indexUid,
      expiresAt: null,
      name: "bench-proxy",
    });
    return new Meilisearch({
      host: env.host,
      apiKey: parentKey.key,
      timeout: 5_000,
      requestInit: { headers: { "Accept-Encoding": "identity" } },
    });
  })().catch((error: unknown) => {
    searchClient = undefined;
    throw error;
  });
  return searchClient;
}

type ProxyRequest = Pick<
  SearchParams,
  "q" | "limit" | "offset" | "facets" | "attributesToHighlight" | "highlightPreTag" | "highlightPostTag"
> & {
  filter?: string;
};

/** The search parameters as sent: the proxy trusts its own harness, and ANDs the tenant in. */
const proxyRequest = async (request: Request) => (await request.json()) as ProxyRequest;

const POST = withSession(
  { context: "bench-search", body: proxyRequest, signedOut: "Sign in to search your appointments." },
  async ({ body: { filter, ...params }, session }) => {
    const tenant = tenantFilterFor(session.tenant);
    const client = await proxyClient();
    const result = await client
      .index(getMeiliEnv().indexUid)
      .search(params.q ?? "", { ...params, filter: filter ? [tenant, filter] : tenant });
    return Response.json(result);
  },
);

export { POST };
