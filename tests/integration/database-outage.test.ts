import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PATCH as changeAppointment } from "@/app/api/appointments/[id]/route";
import { POST as bookAppointment } from "@/app/api/appointments/route";
import { GET as health } from "@/app/api/health/route";
import { POST as searchToken } from "@/app/api/search-token/route";
import { POST as revokeAll } from "@/app/api/sessions/revoke-all/route";
import { closeDb } from "@/lib/db/client";
import { SESSION_UNAVAILABLE_MESSAGE } from "@/lib/auth/request-session";
import { signedIn } from "./support/auth";
import { testDatabase } from "./support/database";
import { routeSession } from "./support/route-session";
import { futureSlot } from "./support/writes";

/**
 * Every route handler under app/api/ with Postgres unreachable (the app pointed at a closed port,
 * as a server whose database went away sees it): 503, never 401, and no cookie touched. The
 * NextAuth route needs Next's request scope, so it is checked on a real server, with the pages, in
 * tests/e2e/database-outage.isolated.spec.ts.
 */
vi.mock("next-auth", async (importOriginal) =>
  (await import("./support/route-session")).withCookieSession(await importOriginal()),
);

const APP = "http://localhost:3000";
const CLOSED_PORT_URL = "postgres://app:secret@127.0.0.1:9/appointments";

const request = (method: string, pathname: string, body: unknown, origin = APP) =>
  new Request(`${APP}${pathname}`, {
    method,
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(body),
  });

/** Each route with a request it would serve for a signed-in caller, had Postgres answered. */
const ROUTES = {
  "POST /api/appointments": () =>
    bookAppointment(
      request("POST", "/api/appointments", {
        doctorId: "d-patel",
        scheduledAt: futureSlot(3).toISOString(),
        reason: "Follow-up",
      }),
    ),
  "PATCH /api/appointments/1": () =>
    changeAppointment(request("PATCH", "/api/appointments/1", { status: "cancelled" }), {
      params: Promise.resolve({ id: "1" }),
    }),
  "POST /api/search-token": () => searchToken(request("POST", "/api/search-token", {})),
  "POST /api/sessions/revoke-all": () => revokeAll(request("POST", "/api/sessions/revoke-all", {})),
};

async function answer(response: Response) {
  return {
    status: response.status,
    cache: response.headers.get("cache-control"),
    setCookie: response.headers.get("set-cookie"),
    body: await response.json(),
  };
}

const owner = testDatabase("owner");

let cookie: string;
let databaseUrl: string | undefined;
beforeAll(async () => {
  cookie = await signedIn("john");
  databaseUrl = process.env.DATABASE_URL;
  vi.spyOn(console, "error").mockImplementation(() => {});
  await closeDb();
  process.env.DATABASE_URL = CLOSED_PORT_URL;
});
afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = databaseUrl;
  vi.restoreAllMocks();
  routeSession.cookie = undefined;
});

describe("with Postgres unreachable", () => {
  it("this file covers every route file under app/api/ (NextAuth's on a real server)", () => {
    const api = path.resolve(import.meta.dirname, "../../app/api");
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((entry) => {
        const full = path.join(dir, entry);
        return statSync(full).isDirectory() ? files(full) : entry === "route.ts" ? [path.relative(api, full)] : [];
      });
    expect(files(api).sort()).toEqual([
      "appointments/[id]/route.ts",
      "appointments/route.ts",
      "auth/[...nextauth]/route.ts",
      "health/route.ts",
      "search-token/route.ts",
      "sessions/revoke-all/route.ts",
    ]);
  });

  it.each(Object.keys(ROUTES))(
    "%s answers a signed-in caller 503 database_unavailable, no-store, no Set-Cookie",
    async (route) => {
      routeSession.cookie = cookie;
      expect(await answer(await ROUTES[route as keyof typeof ROUTES]())).toEqual({
        status: 503,
        cache: "no-store, max-age=0",
        setCookie: null,
        body: { code: "database_unavailable", message: SESSION_UNAVAILABLE_MESSAGE },
      });
    },
  );

  it.each(Object.keys(ROUTES))("%s still answers a caller with no cookie 401", async (route) => {
    routeSession.cookie = undefined;
    const { status, body } = await answer(await ROUTES[route as keyof typeof ROUTES]());
    expect({ status, code: body.code }).toEqual({ status: 401, code: "unauthorized" });
  });

  it("the checks before the session still come first: another origin 403, a bad body 400", async () => {
    routeSession.cookie = cookie;
    const crossSite = await bookAppointment(request("POST", "/api/appointments", {}, "https://evil.example"));
    expect((await answer(crossSite)).body.code).toBe("forbidden");
    const badBody = await changeAppointment(request("PATCH", "/api/appointments/1", { status: "done" }), {
      params: Promise.resolve({ id: "1" }),
    });
    expect((await answer(badBody)).body.code).toBe("bad_request");
  });

  it("GET /api/health answers 503 in its own shape, naming the database", async () => {
    expect(await answer(await health(new Request(`${APP}/api/health`), undefined))).toEqual({
      status: 503,
      cache: "no-store, max-age=0",
      setCookie: null,
      body: {
        status: "unavailable",
        code: "database_unreachable",
        message: "Postgres does not answer.",
        dependencies: { database: "down", search: "up" },
      },
    });
  });

  it("the same cookie works again once Postgres answers: the outage signed nobody out", async () => {
    await closeDb();
    process.env.DATABASE_URL = databaseUrl;
    routeSession.cookie = cookie;
    expect((await searchToken(request("POST", "/api/search-token", {}))).status).toBe(200);
  });
});

describe("with the session's row unreadable for another reason than a lost connection", () => {
  it("a read Postgres refuses (the app role's SELECT on sessions taken away) is 503 too, never 401", async () => {
    routeSession.cookie = cookie;
    const { rows } = await owner.query<{ role: string }>(
      "select grantee as role from information_schema.role_table_grants where table_name = 'sessions' and privilege_type = 'SELECT' and grantee <> current_user",
    );
    const appRole = rows[0]!.role;
    await owner.query(`revoke select on sessions from ${appRole}`);
    try {
      const refused = await answer(await searchToken(request("POST", "/api/search-token", {})));
      expect(refused).toEqual({
        status: 503,
        cache: "no-store, max-age=0",
        setCookie: null,
        body: { code: "database_unavailable", message: SESSION_UNAVAILABLE_MESSAGE },
      });
    } finally {
      await owner.query(`grant select on sessions to ${appRole}`);
    }
    expect((await searchToken(request("POST", "/api/search-token", {}))).status).toBe(200);
  });
});
