import { expect, searchFor, test } from "./fixtures";

test.describe("patient search", () => {
  test("john finds his cold appointment and never Zia's or Kevin's", async ({ pageAs }) => {
    const page = await pageAs("john");
    await searchFor(page, "cold");
    const results = page.getByRole("list", { name: "Search results" });
    await expect(results.getByRole("article")).toHaveCount(1);
    await expect(results).toContainText("I think I caught a cold. Can you help me?");
    await expect(results.locator("mark")).toHaveText("cold");

    await searchFor(page, "");
    await expect(results.getByRole("article")).toHaveCount(4);
    await expect(page.locator("body")).not.toContainText("fever");
    await expect(page.locator("body")).not.toContainText("confidential");
    for (const patient of await results.locator("dd").filter({ hasText: /^(John|Zia|Kevin)$/ }).allTextContents()) {
      expect(patient).toBe("John");
    }
  });

  test("zia sees only hers", async ({ pageAs }) => {
    const page = await pageAs("zia");
    const results = page.getByRole("list", { name: "Search results" });
    await expect(results.getByRole("article")).toHaveCount(4);
    await expect(results).toContainText("I'm suffering from fever. I need an appointment ASAP.");
    await searchFor(page, "cold");
    await expect(page.getByRole("status").filter({ hasText: "No appointments match “cold”." })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("caught a cold");
  });

  test("the status refinement narrows the results", async ({ pageAs }) => {
    const page = await pageAs("kevin");
    const results = page.getByRole("list", { name: "Search results" });
    await page.getByRole("checkbox", { name: /confirmed/i }).check();
    await expect(results.getByRole("article")).toHaveCount(2);
    for (const badge of await results.locator(".status-badge").allTextContents()) expect(badge).toBe("confirmed");
  });

  test("a query with no match shows the empty state with a hint", async ({ pageAs }) => {
    const page = await pageAs("john");
    await searchFor(page, "zzzxqv");
    const empty = page.getByRole("status").filter({ hasText: "No appointments match “zzzxqv”." });
    await expect(empty).toBeVisible();
    await expect(empty).toContainText("Try another word");
  });
});
