import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { cards, filterGroup } from "./search-helpers";

const PHONE = { width: 375, height: 812 };

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test.describe("at 375 px wide", () => {
  test.use({ viewport: PHONE });

  test("the login page fits without horizontal scrolling", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  test("filters collapse behind a button, and nothing scrolls sideways", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    await page.setViewportSize(PHONE);
    await expect(cards(page)).toHaveCount(10);
    const toggle = page.getByRole("button", { name: /^Filters/ });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(filterGroup(page, "Status")).toBeHidden();
    expect(await horizontalOverflow(page)).toBe(0);

    await toggle.click();
    await expect(filterGroup(page, "Status")).toBeVisible();
    await filterGroup(page, "Department").getByRole("checkbox", { name: /^Neurology/ }).check();
    await expect(page.getByRole("button", { name: "Filters (1)" })).toBeVisible();
    await page.getByRole("button", { name: "Why do I only see my appointments?" }).click();
    await expect(page.getByRole("region", { name: "Your search token" })).toBeVisible();
    await page.getByRole("navigation", { name: "Pagination" }).scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  test("long hostile text wraps inside its card", async ({ pageAs }) => {
    const page = await pageAs("kevin");
    await page.setViewportSize(PHONE);
    await expect(cards(page).first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
  });
});

test.describe("on a desktop", () => {
  test("filters are always shown and the toggle is not", async ({ pageAs }) => {
    const page = await pageAs("john");
    await expect(filterGroup(page, "Status")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Filters/ })).toBeHidden();
  });
});
