import { describe, expect, it } from "vitest";
import {
  Availability,
  createTenantHttpClient,
  isOutage,
  SearchRequestError,
  SearchSupersededError,
  SessionEndedError,
} from "@/lib/browser/tenant-http-client";
import { TokenStore } from "@/lib/browser/token-store";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function setup(responses: Response[], fetchToken?: ConstructorParameters<typeof TokenStore>[0]) {
  let issued = 0;
  const tokens = new TokenStore(
    fetchToken ?? (async () => ({ token: `t${++issued}`, expiresAt: new Date(Date.now() + 600_000).toISOString() })),
  );
  const seen: string[] = [];
  let sessionEnded = 0;
  const client = createTenantHttpClient({
    tokens,
    fetchImpl: async (_input, init) => {
      seen.push(new Headers(init?.headers).get("Authorization") ?? "");
      const next = responses.shift();
      if (!next) throw new Error("unexpected request");
      return next;
    },
    onSessionEnded: () => sessionEnded++,
  });
  return { client, seen, tokens, sessionEnded: () => sessionEnded };
}

describe("createTenantHttpClient", () => {
  it("sends the current token on every request", async () => {
    const { client, seen, tokens } = setup([json(200, { results: [] }), json(200, { results: [1] })]);
    await client("http://meili/multi-search", { method: "POST" });
    await expect(client("http://meili/multi-search", { method: "POST" })).resolves.toEqual({ results: [1] });
    expect(seen).toEqual(["Bearer t1", "Bearer t1"]);
    tokens.reset();
  });

  it("replaces a rejected token once and retries the same request", async () => {
    const { client, seen, tokens } = setup([
      json(403, { code: "invalid_api_key", message: "Tenant token expired." }),
      json(200, { results: ["ok"] }),
    ]);
    await expect(client("http://meili/multi-search", { method: "POST" })).resolves.toEqual({ results: ["ok"] });
    expect(seen).toEqual(["Bearer t1", "Bearer t2"]);
    tokens.reset();
  });

  it("retries only once, then reports the error", async () => {
    const { client, seen, tokens } = setup([
      json(403, { code: "invalid_api_key", message: "no" }),
      json(403, { code: "invalid_api_key", message: "still no" }),
    ]);
    const error = await client("http://meili/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchRequestError);
    expect((error as SearchRequestError).code).toBe("invalid_api_key");
    expect(seen).toHaveLength(2);
    tokens.reset();
  });

  it("does not retry other errors", async () => {
    const { client, seen, tokens } = setup([json(400, { code: "invalid_search_filter", message: "bad filter" })]);
    await expect(client("http://meili/x")).rejects.toMatchObject({ status: 400, code: "invalid_search_filter" });
    expect(seen).toHaveLength(1);
    tokens.reset();
  });

  it("signals an ended session instead of retrying forever", async () => {
    const { client, sessionEnded } = setup([], async () => {
      throw new SessionEndedError();
    });
    await expect(client("http://meili/x")).rejects.toBeInstanceOf(SessionEndedError);
    expect(sessionEnded()).toBe(1);
  });
});

describe("createTenantHttpClient during an outage", () => {
  const grant = async () => ({ token: "t", expiresAt: new Date(Date.now() + 600_000).toISOString() });

  it("keeps retrying the newest search until Meilisearch answers, and reports availability", async () => {
    const availability = new Availability();
    const seen: boolean[] = [];
    availability.subscribe(() => seen.push(availability.get()));
    let calls = 0;
    const client = createTenantHttpClient({
      tokens: new TokenStore(grant),
      availability,
      retryDelayMs: 1,
      onSessionEnded: () => {},
      fetchImpl: async () => {
        calls += 1;
        if (calls <= 3) throw new TypeError("fetch failed");
        return json(200, { results: ["back"] });
      },
    });
    await expect(client("http://meili/multi-search")).resolves.toEqual({ results: ["back"] });
    expect(calls).toBe(4);
    expect(seen).toEqual([false, true]);
  });

  it("treats 5xx as an outage too", async () => {
    const responses = [json(503, { message: "down" }), json(200, { ok: true })];
    const client = createTenantHttpClient({
      tokens: new TokenStore(grant),
      retryDelayMs: 1,
      onSessionEnded: () => {},
      fetchImpl: async () => responses.shift()!,
    });
    await expect(client("http://meili/x")).resolves.toEqual({ ok: true });
  });

  it("abandons an older search once a newer one is waiting", async () => {
    let up = false;
    const client = createTenantHttpClient({
      tokens: new TokenStore(grant),
      retryDelayMs: 5,
      onSessionEnded: () => {},
      fetchImpl: async () => {
        if (!up) throw new TypeError("fetch failed");
        return json(200, { results: [] });
      },
    });
    const older = client("http://meili/old");
    const newer = client("http://meili/new");
    await expect(older).rejects.toBeInstanceOf(SearchSupersededError);
    up = true;
    await expect(newer).resolves.toEqual({ results: [] });
  });

  it("classifies outages", () => {
    expect(isOutage(new TypeError("fetch failed"))).toBe(true);
    expect(isOutage(new SearchRequestError(503, "search_unavailable", "down"))).toBe(true);
    expect(isOutage(new SearchRequestError(400, "invalid_search_filter", "bad"))).toBe(false);
    expect(isOutage(new SessionEndedError())).toBe(false);
  });
});
