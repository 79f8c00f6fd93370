import "client-only";
import { instantMeiliSearch, type InstantMeiliSearchInstance } from "@meilisearch/instant-meilisearch";
import type { TokenGrant } from "../common/token-contract";
import {
  Availability,
  createTenantHttpClient,
  errorFields,
  readJson,
  SearchRequestError,
  SessionEndedError,
} from "./tenant-http-client";
import { TokenStore, type TokenFetcher } from "./token-store";

/**
 * The search client the page hands to InstantSearch: instant-meilisearch over the tenant HTTP
 * client, with a token store that asks our server for tokens.
 */

/** POST /api/search-token. The server decides who we are from the session cookie alone. */
const requestTenantToken: TokenFetcher = async (reason) => {
  const response = await fetch("/api/search-token", {
    method: "POST",
    credentials: "same-origin",
    cache: "no-store",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ reason }),
  });
  if (response.status === 401) throw new SessionEndedError();
  const body = await readJson(response);
  if (!response.ok) {
    const { code, message } = errorFields(body);
    throw new SearchRequestError(response.status, code, message ?? `Token request failed (${response.status}).`);
  }
  return body as TokenGrant;
};

/** Read-only view of the token in memory, for `useSyncExternalStore`. */
export interface TokenObserver {
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => string | undefined;
}

export interface TenantSearchClient {
  searchClient: InstantMeiliSearchInstance;
  availability: Availability;
  /** Drops the token and every cached result, so nothing carries over to the next user. */
  reset: () => void;
  /** Lets the UI explain the token it searches with; it never triggers a fetch. */
  token: TokenObserver;
}

export function createTenantSearchClient({
  host,
  onSessionEnded,
}: {
  host: string;
  onSessionEnded: () => void;
}): TenantSearchClient {
  const tokens = new TokenStore(requestTenantToken);
  const availability = new Availability();
  const httpClient = createTenantHttpClient({ tokens, onSessionEnded, availability });
  // The empty apiKey is deliberate: httpClient sets the Authorization header on every request.
  const { searchClient } = instantMeiliSearch(host, "", {
    httpClient,
    // Gives every hit an `objectID`, which InstantSearch uses to tell hits apart.
    primaryKey: "id",
    placeholderSearch: true,
    finitePagination: true,
  });
  return {
    searchClient,
    availability,
    reset: () => {
      tokens.reset();
      searchClient.clearCache();
    },
    token: {
      subscribe: (listener) => tokens.subscribe(listener),
      getSnapshot: () => tokens.peek(),
    },
  };
}
