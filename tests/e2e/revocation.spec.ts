import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { SESSION_COOKIE } from "../../lib/common/session-cookie";
import type { TokenGrant } from "../../lib/common/token-contract";
import { DEMO_PASSWORD } from "../../devtools/sign-in";
import { expect, searchFor, signInViaApi, signInViaForm, test } from "./fixtures";
import { cardField, cards } from "./search-helpers";
import { withAppServer } from "./support/app-server";
import type { StackInfo } from "./support/stack-info";

/**
 * Revocation, end to end: sign-out, "Sign out everywhere" and deactivation end sessions and their
 * tokens on Meilisearch itself, on both app servers of the stack (one Postgres, one Meilisearch).
 * These tests end every session of zia and kevin, so they run one after another, in a project of
 * their own after the tests that sign in as them (see playwright.config.ts).
 */
test.describe.configure({ mode: "default" });

const run = promisify(execFile);

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
  expect(cookie, "session cookie").toBeDefined();
  return `${SESSION_COOKIE}=${cookie!.value}`;
}

/** A fresh request context that sends only `cookie`, as someone who copied it would. */
async function replaying(cookie: string, baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie } });
}

async function tokenFor(request: APIRequestContext): Promise<TokenGrant> {
  const response = await request.post("/api/search-token", { data: {} });
  expect(response.status()).toBe(200);
  return (await response.json()) as TokenGrant;
}

/** The status Meilisearch itself answers to a search with `token`. */
async function searchStatus(request: APIRequestContext, stack: StackInfo, token: string): Promise<number> {
  const response = await request.post(`${stack.meiliHost}/indexes/${stack.indexUid}/search`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { q: "", limit: 1 },
  });
  return response.status();
}

async function tokenStatus(cookie: string, baseURL: string): Promise<number> {
  const replay = await replaying(cookie, baseURL);
  try {
    return (await replay.post("/api/search-token", { data: {} })).status();
  } finally {
    await replay.dispose();
  }
}

/** A query that has results on this page: the last word of the first card's doctor. */
async function matchingQuery(page: Page): Promise<string> {
  await expect(cards(page).first()).toBeVisible();
  const doctor = (await cardField(page, "Doctor"))[0] ?? "";
  const query = doctor.split(" ").at(-1);
  expect(query, "a doctor on the first card").toBeTruthy();
  return query!;
}

function users(stack: StackInfo, ...args: string[]) {
  return run("npm", ["run", "--silent", "users", "--", ...args], {
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      DATABASE_OWNER_URL: stack.databaseOwnerUrl,
      MEILI_HOST: stack.meiliHost,
      MEILI_ADMIN_KEY: stack.serverKey,
      MEILI_INDEX: stack.indexUid,
    },
    timeout: 30_000,
  });
}

test("signing out ends the session's token on Meilisearch and its cookie on the server", async ({
  pageAs,
  request,
  stack,
  baseURL,
}) => {
  const page = await pageAs("zia");
  const cookie = await sessionCookie(page.context());
  const { token } = await tokenFor(page.context().request);
  expect(await searchStatus(request, stack, token)).toBe(200);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);

  expect(await searchStatus(request, stack, token)).toBe(403);
  expect(await tokenStatus(cookie, baseURL!)).toBe(401);
});

test("signing out in one browser leaves the same user's other browser searching", async ({ pageAs }) => {
  const first = await pageAs("zia");
  const second = await pageAs("zia");
  const query = await matchingQuery(second);

  await first.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(first).toHaveURL(/\/login/);

  await searchFor(second, query);
  await expect(second).toHaveURL(/\/appointments/);
  await expect(cards(second).first()).toBeVisible();
});

test("Sign out everywhere ends the user's other sessions: their next search lands on /login", async ({
  pageAs,
  baseURL,
}) => {
  const first = await pageAs("zia");
  const second = await pageAs("zia");
  const cookies = [await sessionCookie(first.context()), await sessionCookie(second.context())];
  const query = await matchingQuery(second);

  await first.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(first).toHaveURL(/\/login/);

  await second.getByRole("searchbox", { name: "Search" }).fill(query);
  await expect(second).toHaveURL(/\/login/);
  for (const cookie of cookies) expect(await tokenStatus(cookie, baseURL!)).toBe(401);
});

test("a deactivated account loses search on its open page and cannot sign in until activated", async ({
  pageAs,
  stack,
  baseURL,
}) => {
  const page = await pageAs("kevin");
  const query = await matchingQuery(page);
  try {
    await users(stack, "deactivate", "kevin");

    await page.getByRole("searchbox", { name: "Search" }).fill(query);
    await expect(page).toHaveURL(/\/login/, { timeout: 5_000 });

    await signInViaForm(page, "kevin");
    await expect(
      page.getByRole("alert").filter({ hasText: "Wrong username or password, or the account is disabled." }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    // The right password and a wrong one get the same answer: a disabled account confirms nothing.
    const answers = [];
    for (const password of [DEMO_PASSWORD, "wrong-password"]) {
      const response = await signInViaApi(page.context().request, "kevin", baseURL!, password);
      answers.push({ status: response.status(), body: await response.json() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(401);
  } finally {
    await users(stack, "activate", "kevin");
  }
  await signInViaForm(page, "kevin");
  await expect(page).toHaveURL(/\/appointments/);
  await expect(cards(page).first()).toBeVisible();
});

test("a sign-out on one app server is honoured by the other at once", async ({ context, request, stack, baseURL }) => {
  expect((await signInViaApi(context.request, "zia", baseURL!)).status()).toBeLessThan(400);
  const cookie = await sessionCookie(context);
  const mainToken = await tokenFor(context.request);
  // Both servers share NEXTAUTH_SECRET, so the cookie is valid on the strict one too.
  const strict = await replaying(cookie, stack.strictURL);
  try {
    const strictToken = await tokenFor(strict);
    for (const { token } of [mainToken, strictToken]) expect(await searchStatus(request, stack, token)).toBe(200);

    const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signedOut = await context.request.post("/api/auth/signout", {
      form: { csrfToken, json: "true" },
      maxRedirects: 0,
    });
    expect(signedOut.status()).toBe(200);

    // The strict server's tokens live 5 s: refused before then, so by revocation, not expiry.
    expect(await searchStatus(request, stack, strictToken.token)).toBe(403);
    expect(Date.now()).toBeLessThan(Date.parse(strictToken.expiresAt));
    expect(await searchStatus(request, stack, mainToken.token)).toBe(403);
    expect((await strict.post("/api/search-token", { data: {} })).status()).toBe(401);
    expect(await tokenStatus(cookie, baseURL!)).toBe(401);
  } finally {
    await strict.dispose();
  }
});

test("two app servers count one token budget: 14 a minute between them, not 14 each", async ({ request, stack }) => {
  expect((await signInViaApi(request, "dr-patel", stack.baseURL)).status()).toBeLessThan(400);
  const cookie = (await request.storageState()).cookies
    .filter((candidate) => candidate.name === SESSION_COOKIE)
    .map((candidate) => `${candidate.name}=${candidate.value}`)
    .join("; ");
  // Two servers of this test's own, with a limit no other server has: the budget is whole.
  const env = { RATE_LIMIT_TOKEN_PER_MINUTE: "14" };
  await withAppServer(stack, env, (first) =>
    withAppServer(stack, env, async (second) => {
      const servers = [await replaying(cookie, first.url), await replaying(cookie, second.url)];
      try {
        const answered: { server: number; status: number }[] = [];
        for (let attempt = 0; attempt < 29 && !answered.some(({ status }) => status === 429); attempt++) {
          const server = attempt % 2;
          answered.push({ server, status: (await servers[server]!.post("/api/search-token", { data: {} })).status() });
        }
        const granted = answered.filter(({ status }) => status === 200);
        // With a budget per instance the two would grant 28 before the first 429.
        expect(granted).toHaveLength(14);
        expect(granted.filter(({ server }) => server === 1)).toHaveLength(7);
        expect(answered).toHaveLength(15);
        expect(answered.at(-1)!.status).toBe(429);
        // The other server refuses too: the budget is spent for both.
        for (const server of servers) expect((await server.post("/api/search-token", { data: {} })).status()).toBe(429);
      } finally {
        for (const server of servers) await server.dispose();
      }
    }),
  );
});
