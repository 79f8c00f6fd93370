import net from "node:net";
import type { APIResponse, Browser, BrowserContext } from "@playwright/test";
import { dateInputValue, slotTimes } from "../../lib/browser/schedule-input";
import { SESSION_COOKIE } from "../../lib/common/session-cookie";
import { expect, signInViaApi, test } from "./fixtures";
import { startAppServer, type AppServer } from "./support/app-server";

// Postgres goes away under one app server of its own, started here on the stack's build, Postgres
// and Meilisearch: its DATABASE_URL leads through a TCP relay that the test cuts (nothing listens
// on the port any more, and every open connection is dropped) and restores. The stack's servers
// and the other tests never lose their database.
test.describe.configure({ mode: "serial" });

const UNAVAILABLE = "The database is not answering, so your sign-in cannot be checked.";
const PATEL = "Dr. Anika Patel — General medicine, North Clinic";

/** A relay from a local port to Postgres that can be cut and restored; the port stays the same. */
class PostgresLink {
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((client) => {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async restore(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

let link: PostgresLink;
let server: AppServer;

test.beforeAll(async ({ stack }) => {
  const database = new URL(stack.databaseUrl);
  link = new PostgresLink({ host: database.hostname, port: Number(database.port) });
  await link.restore();
  database.hostname = "127.0.0.1";
  database.port = String(link.port);
  server = await startAppServer(stack, { DATABASE_URL: database.toString() });
});

test.afterAll(async () => {
  await server?.stop();
  await link?.cut().catch(() => {});
});

async function sessionCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)?.value;
}

/** The Set-Cookie lines of a response that name the session cookie (clearing or replacing it). */
function sessionCookieWrites(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter(({ name, value }) => name.toLowerCase() === "set-cookie" && value.startsWith(`${SESSION_COOKIE}=`))
    .map(({ value }) => value);
}

async function signedInContext(browser: Browser, username: string) {
  const context = await browser.newContext({ baseURL: server.url });
  expect((await signInViaApi(context.request, username, server.url)).status()).toBe(200);
  const cookie = await sessionCookie(context);
  expect(cookie).toBeTruthy();
  return { context, cookie: cookie! };
}

test("every route under app/api/ answers 503, never 401, and leaves the session cookie alone", async ({ browser }) => {
  const { context, cookie } = await signedInContext(browser, "john");
  const api = context.request;
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await link.cut();
  try {
    const unavailable = { code: "database_unavailable", message: expect.any(String) };
    const answers: Record<string, { response: APIResponse; body: unknown }> = {};
    const requests: Record<string, () => Promise<APIResponse>> = {
      "POST /api/appointments": () =>
        api.post("/api/appointments", {
          data: { doctorId: "d-patel", scheduledAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: "x" },
        }),
      "PATCH /api/appointments/1": () => api.patch("/api/appointments/1", { data: { status: "cancelled" } }),
      "POST /api/search-token": () => api.post("/api/search-token", { data: {} }),
      "POST /api/sessions/revoke-all": () => api.post("/api/sessions/revoke-all", { data: {} }),
      "GET /api/auth/session": () => api.get("/api/auth/session"),
      "POST /api/auth/signout": () => api.post("/api/auth/signout", { form: { csrfToken, json: "true" } }),
      "POST /api/auth/callback/credentials": () => signInViaApi(api, "zia", server.url),
      "GET /api/health": () => api.get("/api/health"),
    };
    for (const [route, send] of Object.entries(requests)) {
      const response = await send();
      answers[route] = { response, body: await response.json() };
    }
    const statuses = Object.fromEntries(
      Object.entries(answers).map(([route, { response }]) => [route, response.status()]),
    );
    expect(statuses).toEqual(Object.fromEntries(Object.keys(requests).map((route) => [route, 503])));
    for (const [route, { response, body }] of Object.entries(answers)) {
      expect(sessionCookieWrites(response), route).toEqual([]);
      expect(response.headers()["cache-control"], route).toContain("no-store");
      if (route === "GET /api/health") {
        expect(body).toEqual({
          status: "unavailable",
          code: "database_unreachable",
          message: "Postgres does not answer.",
          dependencies: { database: "down", search: "up" },
        });
      } else {
        expect(body, route).toEqual(unavailable);
      }
    }
    // Sign-in routes that need no database still answer as usual.
    expect((await api.get("/api/auth/csrf")).status()).toBe(200);
    expect(await sessionCookie(context)).toBe(cookie);
  } finally {
    await link.restore();
  }
  // The same cookie, untouched, is a live session again.
  expect((await api.post("/api/search-token", { data: {} })).status()).toBe(200);
  await context.close();
});

test("pages show the outage, never the sign-in page; a write says nothing was changed; all recover", async ({
  browser,
}) => {
  const { context, cookie } = await signedInContext(browser, "john");
  const page = await context.newPage();
  await page.goto("/appointments");
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();

  // A booking filled in while Postgres answered, sent after it stopped.
  await page.getByRole("button", { name: "Book an appointment" }).click();
  const form = page.getByRole("region", { name: "Book an appointment" });
  await form.getByLabel("Doctor").selectOption({ label: PATEL });
  const day = new Date(Date.now() + 300 * 86_400_000);
  await form.getByLabel("Date").fill(dateInputValue(day));
  await form.getByLabel("Time").selectOption(slotTimes(dateInputValue(day))[0]!);
  await form.getByLabel("Reason for the visit").fill("Outage check");

  await link.cut();
  const outage = page.getByRole("alert").filter({ hasText: "Your appointments are unavailable right now." });
  try {
    await form.getByRole("button", { name: "Book", exact: true }).click();
    await expect(form.getByRole("alert")).toContainText(UNAVAILABLE);
    await expect(form.getByRole("alert")).toContainText("You are still signed in and nothing was changed");
    await expect(page.getByRole("link", { name: "Sign in again" })).toHaveCount(0);
    await expect(form.getByLabel("Reason for the visit")).toHaveValue("Outage check");

    for (const path of ["/appointments", "/appointments/1"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(new URL(page.url()).pathname, path).toBe(path);
      await expect(outage, path).toBeVisible();
      await expect(page.getByRole("searchbox", { name: "Search" })).toHaveCount(0);
    }

    await page.goto("/login");
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByRole("alert").filter({ hasText: "Sign-in is unavailable right now." })).toBeVisible();
    expect(await sessionCookie(context)).toBe(cookie);

    await page.goto("/appointments");
    await expect(outage).toBeVisible();
  } finally {
    await link.restore();
  }
  // The outage page asks again by itself: the search comes back without a reload.
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible({ timeout: 20_000 });
  await expect(outage).toHaveCount(0);
  expect(new URL(page.url()).pathname).toBe("/appointments");
  expect(await sessionCookie(context)).toBe(cookie);
  await context.close();
});
