import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { cards, filterGroup, sortSelect, tabTo } from "./search-helpers";

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
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

  test("the search page has none, with results, filters, chips, pagination and the token panel open", async ({
    pageAs,
  }) => {
    const page = await pageAs("front-desk-north");
    await filterGroup(page, "Status")
      .getByRole("checkbox", { name: /^Confirmed/ })
      .check();
    await sortSelect(page).selectOption("upcoming");
    await expect(page.getByRole("button", { name: /^Remove Date: upcoming/ })).toBeVisible();
    await page.getByRole("button", { name: "Why do I only see this clinic's appointments?" }).click();
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

    const pending = filterGroup(page, "Status").getByRole("checkbox", { name: /^Pending/ });
    await page.getByRole("button", { name: "Why do I only see my patients' appointments?" }).focus();
    await tabTo(page, pending);
    await page.keyboard.press("Space");
    await expect(pending).toBeChecked();
    await expect(page).toHaveURL(/status=pending/);

    await tabTo(page, sortSelect(page));
    await page.keyboard.press("ArrowDown");
    await expect(sortSelect(page)).toHaveValue("newest");
    await expect(page).toHaveURL(/sort=newest/);

    const removeChip = page.getByRole("button", { name: "Remove Status: Pending" });
    await tabTo(page, removeChip);
    await page.keyboard.press("Enter");
    await expect(pending).not.toBeChecked();

    const next = page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next page" });
    await tabTo(page, next);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/page=2/);
    await expect(cards(page).first()).toBeVisible();

    const toggle = page.getByRole("button", { name: "Why do I only see my patients' appointments?" });
    await page.getByRole("button", { name: "Sign out", exact: true }).focus();
    await tabTo(page, toggle);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "Your search token" })).toBeVisible();
  });
});

test.describe("keyboard and focus", () => {
  test("skip links come first and move focus to the search box or the results", async ({ pageAs }) => {
    const page = await pageAs("john");
    // The filters arrive with the first results: Shift+Tab before them would land elsewhere.
    const lastDoctor = filterGroup(page, "Doctor").getByRole("checkbox").last();
    await expect(lastDoctor).toBeVisible();
    const firstStops = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("a[href], button, input, select")]
        .slice(0, 2)
        .map((element) => element.textContent),
    );
    expect(firstStops).toEqual(["Skip to search", "Skip to results"]);

    const toResults = page.getByRole("link", { name: "Skip to results" });
    await expect(toResults).not.toBeInViewport();
    await toResults.focus();
    await expect(toResults).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "Appointments" })).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(lastDoctor).toBeFocused();

    const toSearch = page.getByRole("link", { name: "Skip to search" });
    await toSearch.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("searchbox", { name: "Search" })).toBeFocused();
  });

  test("Tab from the search box reaches the filters before the results", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    await expect(filterGroup(page, "Status")).toBeVisible();
    await expect(page.getByRole("searchbox", { name: "Search" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(filterGroup(page, "Status").getByRole("checkbox", { name: /^Pending/ })).toBeFocused();
  });

  test("'/' focuses the search box from anywhere but a text field", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    await filterGroup(page, "Status")
      .getByRole("checkbox", { name: /^Pending/ })
      .focus();
    await page.keyboard.press("/");
    const box = page.getByRole("searchbox", { name: "Search" });
    await expect(box).toBeFocused();
    await expect(box).toHaveValue("");
    await page.keyboard.type("a/b");
    await expect(box).toHaveValue("a/b");
  });

  test("removing a filter chip keeps focus on the chips, then returns it to the search box", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    await filterGroup(page, "Status")
      .getByRole("checkbox", { name: /^Pending/ })
      .check();
    await filterGroup(page, "Department")
      .getByRole("checkbox", { name: /^Neurology/ })
      .check();
    const status = page.getByRole("button", { name: "Remove Status: Pending" });
    const department = page.getByRole("button", { name: "Remove Department: Neurology" });
    await status.focus();
    await page.keyboard.press("Enter");
    await expect(status).toHaveCount(0);
    await expect(department).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("list", { name: "Active filters" })).toHaveCount(0);
    await expect(page.getByRole("searchbox", { name: "Search" })).toBeFocused();
  });
});
