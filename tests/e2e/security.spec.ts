import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, searchFor, signInViaForm, test } from "./fixtures";
import { HOSTILE_DETAILS } from "./support/hostile-documents";
import type { StackInfo } from "./support/stack-info";

const JWT_PATTERN = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

test.describe("results are inert text", () => {
  test("script, onerror and javascript: payloads in a document render literally and never run", async ({ pageAs }) => {
    const page = await pageAs("kevin");
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });

    await searchFor(page, "Kevin");
    const results = page.getByRole("list", { name: "Search results" });
    for (const details of HOSTILE_DETAILS) await expect(results).toContainText(details);

    // The payloads are text nodes: no element was created from them.
    await expect(results.locator("script")).toHaveCount(0);
    await expect(results.locator("img")).toHaveCount(0);
    await expect(results.locator("a[href^='javascript:' i]")).toHaveCount(0);
    await expect(results.locator("[onerror]")).toHaveCount(0);
    // Nothing is left to run later: a payload could only act through an element (an image's
    // onerror, a link), and there is none.
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });
});

test.describe("security headers", () => {
  test("pages carry a strict CSP limited to self and the Meilisearch host", async ({ request, stack }) => {
    const response = await request.get("/login");
    const headers = response.headers();
    const csp = headers["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain(`connect-src 'self' ${new URL(stack.meiliHost).origin};`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
  });

  test("every script on the page carries the nonce, and the page works under the policy", async ({ pageAs }) => {
    const violations: string[] = [];
    const page = await pageAs("john");
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.reload();
    await searchFor(page, "cold");
    await expect(page.getByRole("list", { name: "Search results" }).getByRole("article")).toHaveCount(1);
    const scripts = await page
      .locator("script")
      .evaluateAll((nodes) =>
        nodes.map((node) => ({ nonce: (node as HTMLScriptElement).nonce, src: (node as HTMLScriptElement).src })),
      );
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script.nonce, script.src).not.toBe("");
    expect(violations).toEqual([]);
  });
});

test.describe("POST /api/search-token input", () => {
  test("refuses any field that tries to name a tenant, and malformed or oversized bodies", async ({ pageAs }) => {
    const page = await pageAs("zia");
    const cases = [
      { data: { patientId: "p-john" }, why: "unknown field" },
      { data: { searchRules: { "*": {} } }, why: "unknown field" },
      { data: { reason: "because" }, why: "bad enum" },
      { data: "{not json", why: "malformed" },
      { data: JSON.stringify({ reason: "initial" }), type: "text/plain", why: "not declared as JSON" },
      {
        data: JSON.stringify({ reason: "initial", pad: "x".repeat(5_000) }),
        why: "oversized",
        status: 413,
        code: "payload_too_large",
      },
      {
        data: { reason: "initial" },
        origin: "https://evil.example",
        why: "another site",
        status: 403,
        code: "forbidden",
      },
    ];
    for (const { data, why, type = "application/json", origin, status = 400, code = "bad_request" } of cases) {
      const response = await page.request.post("/api/search-token", {
        data,
        headers: { "Content-Type": type, ...(origin ? { Origin: origin } : {}) },
      });
      expect(response.status(), why).toBe(status);
      const body = await response.json();
      expect(body.code, why).toBe(code);
      expect(JSON.stringify(body), why).not.toMatch(/at .*\.(js|ts):\d+/);
    }
    const ok = await page.request.post("/api/search-token?patientId=p-john", { data: { reason: "initial" } });
    expect(ok.status()).toBe(200);
  });
});

/** The tenant tokens the page sends to Meilisearch, in order. */
function searchTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on("request", (request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers().authorization ?? "");
    if (request.url().endsWith("/multi-search") && bearer) tokens.push(bearer[1]!);
  });
  return tokens;
}

/** Waits until Meilisearch itself refuses `token`: it has expired (the strict server's live 5 s). */
async function refusedByMeilisearch(request: APIRequestContext, stack: StackInfo, token: string) {
  const status = async () =>
    (
      await request.post(`${stack.meiliHost}/indexes/${stack.indexUid}/search`, {
        headers: { Authorization: `Bearer ${token}` },
        data: { q: "", limit: 1 },
      })
    ).status();
  await expect.poll(status, { timeout: 15_000 }).toBe(403);
}

test.describe("token lifecycle in the browser", () => {
  test("with 5-second tokens, a patient searching after the token expired still gets results, without a reload", async ({
    pageAs,
    request,
    stack,
  }) => {
    const page = await pageAs("john", { baseURL: stack.strictURL });
    const tokens = searchTokens(page);
    await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = "same-page"));

    await searchFor(page, "cold");
    await expect(page.getByRole("list", { name: "Search results" }).getByRole("article")).toHaveCount(1);
    const expiring = tokens.at(-1)!;
    await refusedByMeilisearch(request, stack, expiring);

    await searchFor(page, "allergies");
    await expect(page.getByRole("list", { name: "Search results" })).toContainText("seasonal allergies");
    await expect(page.getByRole("alert").filter({ hasText: "Search is unavailable" })).toHaveCount(0);

    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe("same-page");
    expect(tokens.at(-1)).not.toBe(expiring);
  });

  test("a rejected token is replaced once and the search retried transparently", async ({ pageAs }) => {
    const page = await pageAs("zia");
    await expect(page.getByRole("list", { name: "Search results" }).getByRole("article")).toHaveCount(4);
    const reasons: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/search-token")) reasons.push(JSON.parse(request.postData() ?? "{}").reason);
    });
    let rejected = 0;
    // Stand in for an expired token: Meilisearch's first answer is its real 403 for a bad token.
    await page.route(/\/multi-search$/, async (route) => {
      if (rejected === 0) {
        rejected += 1;
        const headers = { ...route.request().headers(), authorization: "Bearer not-a-valid-token" };
        return route.continue({ headers });
      }
      return route.continue();
    });
    await searchFor(page, "rash");
    await expect(page.getByRole("list", { name: "Search results" })).toContainText("Rash on both forearms");
    expect(rejected).toBe(1);
    expect(reasons).toEqual(["rejected"]);
  });

  test("when the session has ended, the next search sends the patient to /login", async ({ pageAs, stack }) => {
    const page = await pageAs("kevin", { baseURL: stack.strictURL });
    await searchFor(page, "chest");
    const refused = page.waitForResponse(
      (response) => response.url().endsWith("/api/search-token") && response.status() === 401,
    );
    await page.context().clearCookies();
    // The store renews its 5-second token in the background a second before it expires; without a
    // cookie that renewal is refused, and the next search must ask again (lib/browser/token-store.ts).
    await refused;
    await page.getByRole("searchbox", { name: "Search" }).fill("ear");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fappointments/);
  });
});

test.describe("no carry-over between patients", () => {
  test("john signs out and zia signs in in the same tab: nothing of john's remains", async ({ page }) => {
    const tokens: string[] = [];
    page.on("response", async (response) => {
      if (response.url().endsWith("/api/search-token") && response.ok()) tokens.push((await response.json()).token);
    });
    await page.goto("/login");
    await signInViaForm(page, "john");
    await searchFor(page, "cold");
    await expect(page.getByRole("list", { name: "Search results" })).toContainText("caught a cold");

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await signInViaForm(page, "zia");
    await expect(page).toHaveURL(/\/appointments/);
    await searchFor(page, "cold");
    await expect(page.getByRole("status").filter({ hasText: "No appointments match" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("caught a cold");

    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(storage).not.toMatch(JWT_PATTERN);
    for (const token of tokens) expect(storage).not.toContain(token);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(page.url()).not.toMatch(JWT_PATTERN);
  });
});

test.describe("build scan", () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? files(full) : [full];
    });
  }

  test("no file under .next/static holds the master, admin or parent search key", async ({ request, stack }) => {
    test.skip(
      !stack.builtWithStackSecrets,
      "the build was reused, not made with this stack's secrets; run with E2E_REBUILD=1",
    );
    const keys = await request.get(`${stack.meiliHost}/keys`, {
      headers: { Authorization: `Bearer ${stack.masterKey}` },
    });
    const secrets = [stack.masterKey, ...((await keys.json()).results as { key: string }[]).map((key) => key.key)];
    expect(secrets.length).toBeGreaterThanOrEqual(3); // master, parent search key, default admin key, …

    const staticFiles = files(path.resolve(".next/static"));
    expect(staticFiles.length).toBeGreaterThan(10);
    for (const file of staticFiles) {
      const content = readFileSync(file, "latin1");
      for (const secret of secrets) expect(content.includes(secret), `${secret.slice(0, 4)}… in ${file}`).toBe(false);
    }
  });
});
