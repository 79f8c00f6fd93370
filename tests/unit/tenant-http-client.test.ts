import { describe, expect, it } from "vitest";
import { createTenantHttpClient, SearchRequestError, SessionEndedError } from "@/lib/meilisearch/search-client";
import { TokenStore } from "@/lib/meilisearch/token-store";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function setup(responses: Response[], fetchToken?: ConstructorParameters<typeof TokenStore>[0]) {
  let issued = 0;
  const tokens = new TokenStore(
    fetchToken ??
      (async () => ({ token: `t${++issued}`, expiresAt: new Date(Date.now() + 600_000).toISOString() })),
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
