import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { POST as revokeAll } from "@/app/api/sessions/revoke-all/route";
import { POST as searchToken } from "@/app/api/search-token/route";
import { closeDb } from "@/lib/db/client";
import { search } from "../support/meili-http";
import { signOutOutcome } from "@/lib/auth/options";
import { endAllSessions, readSession, signedIn, signIn, signOut, tokenFor } from "./support/auth";
import { routeSession } from "./support/route-session";

/** The route handlers themselves, on real Postgres and Meilisearch (see support/route-session.ts). */
vi.mock("next-auth", async (importOriginal) =>
  (await import("./support/route-session")).withCookieSession(await importOriginal()),
);
const as = routeSession;

const { host, indexUid } = inject("meili");
const APP = "http://localhost:3000";
afterEach(() => (as.cookie = undefined));

function post(path: string, { body = "{}", type = "application/json", origin = APP } = {}) {
  return new Request(`${APP}${path}`, { method: "POST", headers: { "content-type": type, origin }, body });
}

async function answer(response: Response) {
  return { status: response.status, cache: response.headers.get("cache-control"), body: await response.json() };
}

describe("POST /api/search-token", () => {
  it("answers a live session with a token, no-store; without one, 401", async () => {
    as.cookie = await signedIn("john");
    const ok = await answer(await searchToken(post("/api/search-token")));
    expect(ok).toMatchObject({ status: 200, cache: "no-store, max-age=0" });
    expect(Object.keys(ok.body).sort()).toEqual(["expiresAt", "host", "indexUid", "token"]);
    as.cookie = undefined;
    expect(await answer(await searchToken(post("/api/search-token")))).toMatchObject({
      status: 401,
      body: { code: "unauthorized" },
    });
  });

  it("answers 503, not 401, while Postgres cannot say whether the session is live", async () => {
    as.cookie = await signedIn("zia");
    const url = process.env.DATABASE_URL;
    vi.spyOn(console, "error").mockImplementation(() => {});
    await closeDb();
    process.env.DATABASE_URL = "postgres://app:secret@127.0.0.1:9/appointments";
    try {
      expect(await answer(await searchToken(post("/api/search-token")))).toMatchObject({
        status: 503,
        body: { code: "database_unavailable" },
      });
    } finally {
      await closeDb();
      process.env.DATABASE_URL = url;
      vi.restoreAllMocks();
    }
    expect((await searchToken(post("/api/search-token"))).status).toBe(200);
  });
});

describe("POST /api/sessions/revoke-all", () => {
  it("refuses what a cross-site page could send, and a caller with no session", async () => {
    as.cookie = await signedIn("kevin");
    const refused = async (request: Request) => (await answer(await revokeAll(request))).body.code;
    expect(await refused(post("/api/sessions/revoke-all", { type: "text/plain" }))).toBe("unsupported_media_type");
    expect(await refused(post("/api/sessions/revoke-all", { type: "application/x-www-form-urlencoded" }))).toBe(
      "unsupported_media_type",
    );
    expect(await refused(post("/api/sessions/revoke-all", { origin: "https://evil.example" }))).toBe("forbidden");
    expect(await refused(post("/api/sessions/revoke-all", { body: '{"username":"zia"}' }))).toBe("bad_request");
    as.cookie = undefined;
    expect(await answer(await revokeAll(post("/api/sessions/revoke-all")))).toMatchObject({
      status: 401,
      body: { code: "unauthorized" },
    });
  });

  it("revokes every session of the caller, keys included, answers { revoked: N } no-store; others carry on", async () => {
    await endAllSessions(); // earlier files may have left dr-patel signed in
    const browsers = [await tokenFor("dr-patel"), await tokenFor("dr-patel"), await tokenFor("dr-patel")];
    const other = await tokenFor("front-desk-north");
    as.cookie = browsers[0]!.cookie;
    const result = await answer(await revokeAll(post("/api/sessions/revoke-all")));
    expect(result).toEqual({ status: 200, cache: "no-store, max-age=0", body: { revoked: 3 } });

    for (const browser of browsers) {
      expect((await search(host, browser.token, indexUid)).status).toBe(403);
      as.cookie = browser.cookie;
      expect((await searchToken(post("/api/search-token"))).status).toBe(401);
    }
    // Nothing left to revoke, and nobody signed in to ask.
    expect((await revokeAll(post("/api/sessions/revoke-all"))).status).toBe(401);
    expect((await search(host, other.token, indexUid)).status).toBe(200);
  });
});

describe("while Postgres is down", () => {
  async function withDatabaseDown<T>(work: () => Promise<T>): Promise<T> {
    const url = process.env.DATABASE_URL;
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    await closeDb();
    process.env.DATABASE_URL = "postgres://app:secret@127.0.0.1:9/appointments";
    try {
      return await work();
    } finally {
      await closeDb();
      process.env.DATABASE_URL = url;
      quiet.mockRestore();
    }
  }

  it("a sign-out that cannot revoke is reported (the route answers 503 and keeps the cookie), and nothing is revoked", async () => {
    const cookie = await signedIn("zia");
    const outcome: { failed?: unknown } = {};
    await withDatabaseDown(() => signOutOutcome.run(outcome, () => signOut(cookie)));
    expect(outcome.failed).toMatchObject({ code: "database_unavailable" });
    expect(await readSession(cookie)).toMatchObject({ user: { username: "zia" } });
  });

  it("sign-in is refused with a code of its own, not as a wrong password, and without the error's text", async () => {
    const result = await withDatabaseDown(() => signIn("john"));
    expect(result).toEqual({ status: 401, cookie: undefined, error: "SignInUnavailable" });
  });
});
