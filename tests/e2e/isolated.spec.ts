import { expect, searchFor, signInViaApi, test } from "./fixtures";

// Runs after every other spec (see playwright.config.ts): it takes Meilisearch down and exhausts
// the strict server's rate limits, which would disturb tests running beside it.
test.describe.configure({ mode: "serial" });

test("Meilisearch down: an alert, a 503 health check, and recovery without a reload", async ({
  pageAs,
  stack,
  request,
}) => {
  const page = await pageAs("john");
  await searchFor(page, "cold");
  await expect(page.getByRole("list", { name: "Search results" }).getByRole("article")).toHaveCount(1);

  process.kill(stack.pid, "SIGUSR1");
  await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 20_000 }).toBe(503);
  expect((await (await request.get("/api/health")).json()).code).toBe("meilisearch_unreachable");

  // Signing needs no call to Meilisearch while the parent key is cached (up to 60 s): a token is
  // still issued, and the search that uses it fails and shows the alert below.
  const signedLocally = await page.request.post("/api/search-token", { data: {} });
  expect(signedLocally.status()).toBe(200);

  // A token request that must re-check the parent key cannot reach Meilisearch: 503 JSON, and no
  // fallback to another key.
  const token = await page.request.post("/api/search-token", { data: { reason: "rejected" } });
  expect(token.status()).toBe(503);
  expect(token.headers()["cache-control"]).toContain("no-store");
  expect(await token.json()).toEqual({ code: "search_unavailable", message: expect.any(String) });

  try {
    // Not searchFor(): that waits for the answer, and there is none until Meilisearch is back.
    await page.getByRole("searchbox", { name: "Search" }).fill("allergies");
    const alert = page.getByRole("alert").filter({ hasText: "Search is unavailable" });
    await expect(alert).toBeVisible();
    await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
  } finally {
    process.kill(stack.pid, "SIGUSR2");
  }
  await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 30_000 }).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "Search is unavailable" })).toHaveCount(0, {
    timeout: 20_000,
  });
  await expect(page.getByRole("list", { name: "Search results" })).toContainText("seasonal allergies");
});

test("sign-in attempts beyond the limit get 429 with Retry-After", async ({ playwright, stack }) => {
  const request = await playwright.request.newContext({ baseURL: stack.strictURL });
  // The default budget is 10 failures a minute per username; earlier tests may have spent some.
  const statuses: number[] = [];
  let limited;
  for (let attempt = 0; attempt < 11 && !limited; attempt++) {
    const response = await signInViaApi(request, "mallory", stack.strictURL, "guess");
    statuses.push(response.status());
    if (response.status() === 429) limited = response;
  }
  expect(limited, `statuses: ${statuses.join(",")}`).toBeDefined();
  expect(statuses.slice(0, -1).every((status) => status === 401 || status === 200)).toBe(true);
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited!.json()).code).toBe("rate_limited");
  await request.dispose();
});

test("the sign-in form explains a 429", async ({ page, stack }) => {
  await page.goto(`${stack.strictURL}/login`);
  const tooMany = page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" });
  // A person retrying: at most 10 attempts a minute per username are answered normally.
  for (let attempt = 0; attempt < 11 && !(await tooMany.isVisible()); attempt++) {
    await page.getByLabel("Username").fill("eve");
    await page.getByLabel("Password").fill(`guess-${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /Wrong username or password|Too many/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await expect(tooMany).toBeVisible();
});

test("token requests beyond the limit get 429 with Retry-After", async ({ playwright, stack }) => {
  const request = await playwright.request.newContext({ baseURL: stack.strictURL });
  // Signed in on the main server (its limits are raised); its cookie is valid here too.
  await signInViaApi(request, "kevin", stack.baseURL);
  const cookies = (await request.storageState()).cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  const statuses: number[] = [];
  let limited;
  for (let attempt = 0; attempt < 31 && !limited; attempt++) {
    const response = await request.post("/api/search-token", { headers: { cookie: cookies } });
    statuses.push(response.status());
    if (response.status() === 429) limited = response;
  }
  // The default budget is 30 a minute per IP and per user; earlier tests may have spent some.
  expect(limited, `statuses: ${statuses.join(",")}`).toBeDefined();
  expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited!.json()).code).toBe("rate_limited");
  await request.dispose();
});
