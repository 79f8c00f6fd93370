import "client-only";
import type { TokenStore } from "./token-store";

/**
 * The HTTP client through which the browser talks to Meilisearch: the tenant token on every
 * request, one silent retry with a fresh token when Meilisearch rejects it, and patient retries of
 * the newest search during an outage. Pure logic with an injected fetch, unit-tested without a
 * browser (tests/unit/tenant-http-client.test.ts).
 */

/** The signed-in session is gone: the only fix is to sign in again. */
export class SessionEndedError extends Error {
  constructor() {
    super("Your session has ended. Please sign in again.");
    this.name = "SessionEndedError";
  }
}

/** A search or token request failed; `code` is Meilisearch's or our API's error code. */
export class SearchRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "SearchRequestError";
  }
}

export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function errorFields(body: unknown): { code?: string; message?: string } {
  return typeof body === "object" && body !== null ? (body as { code?: string; message?: string }) : {};
}

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * A newer search replaced this one while Meilisearch was unreachable. InstantSearch still receives
 * it as an error (algoliasearch-helper drops only errors of queries older than its last response);
 * it stays out of sight because the status component shows the outage alert first.
 */
export class SearchSupersededError extends Error {
  constructor() {
    super("A newer search replaced this one.");
    this.name = "SearchSupersededError";
  }
}

/** Network failures and 5xx (from Meilisearch or our token route) mean "try again later". */
export function isOutage(error: unknown): boolean {
  if (error instanceof SearchRequestError) return error.status >= 500;
  return error instanceof TypeError; // fetch() rejects with a TypeError when nothing answers
}

/** Whether Meilisearch answered the last request; the UI shows an alert while it does not. */
export class Availability {
  private available = true;
  private readonly listeners = new Set<() => void>();

  get = (): boolean => this.available;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(available: boolean): void {
    if (available === this.available) return;
    this.available = available;
    for (const listener of this.listeners) listener();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The `httpClient` for meilisearch-js. instant-meilisearch reads a function `apiKey` only once, so
 * the token is set here on every request instead. A token Meilisearch rejects (expired, or its
 * parent key rotated) is replaced once and the search retried, invisibly to the user.
 *
 * During an outage the newest search is retried until Meilisearch answers, instead of failing:
 * InstantSearch would otherwise roll its state back to the last good search while the search box
 * keeps the new query. `availability` drives the alert meanwhile.
 */
export function createTenantHttpClient({
  tokens,
  fetchImpl = (input, init) => fetch(input, init),
  onSessionEnded,
  availability = new Availability(),
  retryDelayMs = 3_000,
}: {
  tokens: TokenStore;
  fetchImpl?: FetchLike;
  onSessionEnded: () => void;
  availability?: Availability;
  retryDelayMs?: number;
}) {
  const send = (input: RequestInfo | URL, init: RequestInit | undefined, token: string) => {
    const headers = new Headers(init?.headers);
    headers.set("Authorization", `Bearer ${token}`);
    return fetchImpl(input, { ...init, headers });
  };

  const attempt = async (input: RequestInfo | URL, init?: RequestInit): Promise<unknown> => {
    let response = await send(input, init, await tokens.get());
    let body = await readJson(response);
    if (response.status === 403 && errorFields(body).code === "invalid_api_key") {
      response = await send(input, init, await tokens.refresh("rejected"));
      body = await readJson(response);
    }
    if (!response.ok) {
      const { code, message } = errorFields(body);
      throw new SearchRequestError(response.status, code, message ?? `Search failed (${response.status}).`);
    }
    return body;
  };

  let newest = 0;
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<unknown> => {
    const id = ++newest;
    for (;;) {
      try {
        const body = await attempt(input, init);
        availability.set(true);
        return body;
      } catch (error) {
        if (error instanceof SessionEndedError) onSessionEnded();
        if (!isOutage(error)) throw error;
        availability.set(false);
        if (id !== newest) throw new SearchSupersededError();
        await sleep(retryDelayMs);
        if (id !== newest) throw new SearchSupersededError();
      }
    }
  };
}
