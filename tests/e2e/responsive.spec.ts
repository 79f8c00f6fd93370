import type { Page } from "@playwright/test";
import { ROLE_VIEWS, searchPlaceholder } from "../../lib/common/role-views";
import { expect, searchFor, test } from "./fixtures";
import { cards, facetCount, filterGroup, shownCount, stats } from "./search-helpers";

const PHONE = { width: 375, height: 812 };

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A phone-sized page for `username`, with the first results shown. */
async function onPhone(pageAs: (username: string) => Promise<Page>, username: string) {
  const page = await pageAs(username);
  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(cards(page).first()).toBeVisible();
  return page;
}

test.describe("at 375 × 812", () => {
  test.use({ viewport: PHONE });

  test("the login page fits without horizontal scrolling", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  for (const username of ["john", "dr-patel", "front-desk-north"]) {
    test(`${username}: the header is one row, and the first two results are fully visible without scrolling`, async ({
      pageAs,
    }) => {
      const page = await onPhone(pageAs, username);
      const header = (await page.getByRole("banner").boundingBox())!;
      const signOut = (await page.getByRole("button", { name: "Sign out", exact: true }).boundingBox())!;
      expect(header.height).toBeLessThan(60);
      expect(signOut.y + signOut.height).toBeLessThanOrEqual(header.y + header.height);
      for (const index of [0, 1]) {
        const box = (await cards(page).nth(index).boundingBox())!;
        expect(box.y + box.height, `card ${index + 1} bottom`).toBeLessThanOrEqual(PHONE.height);
      }
      expect(await horizontalOverflow(page)).toBe(0);
    });
  }

  for (const [username, role] of [
    ["john", "patient"],
    ["dr-patel", "doctor"],
    ["front-desk-north", "clinic"],
  ] as const) {
    test(`${username}: the placeholder fits the search box`, async ({ pageAs }) => {
      const page = await onPhone(pageAs, username);
      const box = page.getByRole("searchbox", { name: "Search" });
      await expect(box).toHaveAttribute("placeholder", searchPlaceholder(ROLE_VIEWS[role]));
      const room = await box.evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input);
        const context = document.createElement("canvas").getContext("2d")!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const available = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return available - context.measureText(input.placeholder).width;
      });
      expect(room, `${username}'s placeholder is cut`).toBeGreaterThan(0);
    });
  }

  test("filters open in a sheet that shows the count and returns to the results", async ({ pageAs }) => {
    const page = await onPhone(pageAs, "front-desk-north");
    const toggle = page.getByRole("button", { name: "Filters" });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(filterGroup(page, "Status")).toBeHidden();

    await toggle.click();
    const sheet = page.getByRole("dialog", { name: "Filters" });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole("button", { name: "Close filters" })).toBeFocused();
    // It covers the screen rather than pushing the results down.
    const box = (await sheet.boundingBox())!;
    expect(box).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });

    await filterGroup(page, "Department")
      .getByRole("checkbox", { name: /^Neurology/ })
      .check();
    const show = sheet.getByRole("button", { name: /^Show [\d,]+ appointments$/ });
    const neurology = await facetCount(page, "Department", /^Neurology/);
    await expect(show).toHaveText(`Show ${neurology.toLocaleString("en-US")} appointments`);
    // Tab stays inside the sheet.
    await show.focus();
    await page.keyboard.press("Tab");
    await expect(sheet.getByRole("button", { name: "Close filters" })).toBeFocused();

    await show.click();
    await expect(sheet).toBeHidden();
    await expect(page.getByRole("button", { name: "Filters (1)" })).toBeFocused();
    await expect(stats(page)).toBeVisible();
    expect(await shownCount(page)).toBe(neurology);
    expect(await horizontalOverflow(page)).toBe(0);

    await page.getByRole("button", { name: "Filters (1)" }).click();
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
  });

  test("pagination stays on one line", async ({ pageAs }) => {
    const page = await onPhone(pageAs, "front-desk-north");
    await page.goto("/appointments?page=5");
    const nav = page.getByRole("navigation", { name: "Pagination" });
    const previous = (await nav.getByRole("link", { name: "Previous page" }).boundingBox())!;
    const next = (await nav.getByRole("link", { name: "Next page" }).boundingBox())!;
    expect(next.y).toBe(previous.y);
    await expect(nav.getByRole("link", { name: "Page 5" })).toBeVisible();
    await expect(nav).toContainText("Page 5 of 111");
    expect(await horizontalOverflow(page)).toBe(0);
  });

  test("long hostile text and a long query wrap inside their boxes", async ({ pageAs }) => {
    const page = await onPhone(pageAs, "kevin");
    expect(await horizontalOverflow(page)).toBe(0);
    const long = "unbrokenwordwithoutanyspaces".repeat(6);
    await searchFor(page, long);
    await expect(page.getByRole("status").filter({ hasText: `No appointments match “${long}”.` })).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
  });
});

test.describe("on a desktop", () => {
  test("filters are always shown and the toggle is not", async ({ pageAs }) => {
    const page = await pageAs("john");
    await expect(filterGroup(page, "Status")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Filters/ })).toBeHidden();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });
});
