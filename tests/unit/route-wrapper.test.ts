import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/http/errors";
import { jsonCommand, withRoute, withSession } from "@/lib/auth/route";

/**
 * The checks lib/auth/route.ts runs before a handler, in their order, and what it does with the
 * handler's answer or failure. The session step needs Next's request scope and Postgres: it is
 * tested on the real routes (tests/integration/database-outage.test.ts, session-routes.test.ts).
 */

const APP = "http://localhost:3000";
const SECRET = "r7Qe2xVb9LmZp4KcT1sWy8HdN3fJu6Ga0oXi5EvBqRk";

const request = (method: string, { origin = APP, body }: { origin?: string; body?: string } = {}) =>
  new Request(`${APP}/api/example`, {
    method,
    headers: { origin, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body,
  });

async function answer(response: Response) {
  return { status: response.status, cache: response.headers.get("cache-control"), body: await response.json() };
}

beforeEach(() => {
  vi.stubEnv("NEXTAUTH_SECRET", SECRET);
  vi.stubEnv("NEXTAUTH_URL", APP);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("withRoute", () => {
  const ok = vi.fn(async () => Response.json({ done: true }));
  const route = withRoute({ context: "example" }, ok);
  beforeEach(() => ok.mockClear());

  it("runs the handler and marks its answer no-store", async () => {
    expect(await answer(await route(request("POST"), undefined))).toEqual({
      status: 200,
      cache: "no-store, max-age=0",
      body: { done: true },
    });
    expect(ok).toHaveBeenCalledTimes(1);
  });

  it("refuses invalid sign-in settings with 503 misconfigured before the handler runs", async () => {
    vi.stubEnv("NEXTAUTH_SECRET", "too-short");
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await answer(await route(request("GET"), undefined))).toMatchObject({
      status: 503,
      cache: "no-store, max-age=0",
      body: { code: "misconfigured" },
    });
    expect(ok).toHaveBeenCalledTimes(0);
  });

  it("lets a route that reports its settings itself opt out of that check", async () => {
    vi.stubEnv("NEXTAUTH_SECRET", "too-short");
    const health = withRoute({ context: "health", checkSettings: false }, ok);
    expect((await health(request("GET"), undefined)).status).toBe(200);
  });

  it("accepts every method but GET and HEAD from the app's own origin only", async () => {
    const evil = "https://evil.example";
    for (const method of ["POST", "PATCH", "PUT", "DELETE"]) {
      expect((await answer(await route(request(method, { origin: evil }), undefined))).body.code, method).toBe(
        "forbidden",
      );
    }
    for (const method of ["GET", "HEAD"]) {
      expect((await route(request(method, { origin: evil }), undefined)).status, method).toBe(200);
    }
    expect(ok).toHaveBeenCalledTimes(2);
  });

  it("maps what the handler throws to the one error shape: an AppError keeps its code, the rest is a 500", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const conflict = withRoute({ context: "example" }, async () => {
      throw new AppError("slot_taken", "Taken.");
    });
    expect(await answer(await conflict(request("POST"), undefined))).toEqual({
      status: 409,
      cache: "no-store, max-age=0",
      body: { code: "slot_taken", message: "Taken.", field: "scheduledAt" },
    });
    const broken = withRoute({ context: "example" }, async () => {
      throw new Error("secret detail");
    });
    const failed = await answer(await broken(request("POST"), undefined));
    expect(failed).toMatchObject({ status: 500, cache: "no-store, max-age=0", body: { code: "internal" } });
    expect(JSON.stringify(failed.body)).not.toContain("secret detail");
    expect(quiet).toHaveBeenCalledWith("[example] unexpected error", expect.any(Error));
  });
});

describe("withSession", () => {
  const handler = vi.fn(async () => Response.json({}));
  const route = withSession(
    { context: "example", body: jsonCommand(z.strictObject({ n: z.number() })), signedOut: "Sign in." },
    handler,
  );

  it("refuses the origin, then the body, before it reads a session", async () => {
    const refused = async (req: Request) => (await answer(await route(req))).body.code;
    expect(await refused(request("POST", { origin: "https://evil.example", body: '{"n":1}' }))).toBe("forbidden");
    expect(await refused(request("POST"))).toBe("unsupported_media_type");
    expect(await refused(request("POST", { body: '{"n":"1"}' }))).toBe("bad_request");
    expect(await refused(request("POST", { body: '{"n":1,"tenant":"p-zia"}' }))).toBe("bad_request");
    expect(handler).toHaveBeenCalledTimes(0);
  });
});
