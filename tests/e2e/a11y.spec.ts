import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { cards, filterGroup, sortSelect, tabTo } from "./search-helpers";

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(({ id, impact, help, nodes }) => ({ id, impact, help, targets: nodes.map((node) => node.target.join(" ")) }));
}

test.describe("accessibility (axe-core)", () => {
  test("the login page has no serious or critical violations", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in to your appointments" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the search page has none, with results, filters, chips, pagination and the token panel open", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    await filterGroup(page, "Status").getByRole("checkbox", { name: /^confirmed/ }).check();
    await sortSelect(page).selectOption("upcoming");
    await expect(page.getByRole("button", { name: /^Remove Date: upcoming/ })).toBeVisible();
    await page.getByRole("button", { name: "Why do I only see my appointments?" }).click();
    await expect(page.getByRole("timer", { name: "Time left" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Pagination" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the empty state has none", async ({ pageAs }) => {
    const page = await pageAs("john");
    await page.getByRole("searchbox", { name: "Search" }).fill("zzzxqv");
    await expect(page.getByRole("status").filter({ hasText: "No appointments match" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the search page at 375 px with the filters open has none", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: /^Filters/ }).click();
    await expect(filterGroup(page, "Status")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe("keyboard only", () => {
  test("search, filter, sort, page and open the token panel without a mouse", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    const box = page.getByRole("searchbox", { name: "Search" });
    await expect(box).toBeFocused();
    await page.keyboard.type("throat");
    await expect(page).toHaveURL(/q=throat/);

    const pending = filterGroup(page, "Status").getByRole("checkbox", { name: /^pending/ });
    await page.getByRole("button", { name: "Why do I only see my appointments?" }).focus();
    await tabTo(page, pending);
    await page.keyboard.press("Space");
    await expect(pending).toBeChecked();
    await expect(page).toHaveURL(/status=pending/);

    await tabTo(page, sortSelect(page));
    await page.keyboard.press("ArrowDown");
    await expect(sortSelect(page)).toHaveValue("newest");
    await expect(page).toHaveURL(/sort=newest/);

    const removeChip = page.getByRole("button", { name: "Remove Status: pending" });
    await tabTo(page, removeChip);
    await page.keyboard.press("Enter");
    await expect(pending).not.toBeChecked();

    const next = page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next page" });
    await tabTo(page, next);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/page=2/);
    await expect(cards(page).first()).toBeVisible();

    const toggle = page.getByRole("button", { name: "Why do I only see my appointments?" });
    await page.getByRole("button", { name: "Sign out" }).focus();
    await tabTo(page, toggle);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "Your search token" })).toBeVisible();
  });
});
