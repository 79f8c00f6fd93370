import { expect, searchFor, test } from "./fixtures";
import { outage } from "./support/stack-info";

// Runs after every other spec, alone (the isolated project in playwright.config.ts): it takes the
// stack's one Meilisearch down, which every test running beside it would see.

test("Meilisearch down: an alert, a 503 health check, and recovery without a reload", async ({
  pageAs,
  stack,
  request,
}) => {
  const page = await pageAs("john");
  await searchFor(page, "cold");
  await expect(page.getByRole("list", { name: "Search results" }).getByRole("article")).toHaveCount(1);

  outage(stack, "meilisearch", "stop");
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
    outage(stack, "meilisearch", "start");
  }
  await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 30_000 }).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "Search is unavailable" })).toHaveCount(0, {
    timeout: 20_000,
  });
  await expect(page.getByRole("list", { name: "Search results" })).toContainText("seasonal allergies");
});
