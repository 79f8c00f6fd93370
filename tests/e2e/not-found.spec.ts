import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const UNKNOWN_PATHS = ["/no-such-page", "/appointments/extra/path"];

/**
 * Console errors (a blocked script is one) and uncaught exceptions, from now on. Chromium also
 * logs the 404 status of the page itself as an error; that one is the point of the page.
 */
function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const ownStatus =
      message.text().includes("status of 404") && UNKNOWN_PATHS.some((path) => message.location().url.endsWith(path));
    if (!ownStatus) errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test.describe("an unknown address", () => {
  test("answers 404 with a styled page, a way back, and no blocked script", async ({ page }) => {
    const errors = recordErrors(page);
    const response = await page.goto(UNKNOWN_PATHS[0]!);
    expect(response?.status()).toBe(404);
    expect(response?.headers()["content-security-policy"]).toContain("'nonce-");
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page).toHaveTitle("Page not found · Appointments");
    // The app's stylesheet applies (the framework default would leave the page unstyled).
    await expect(page.locator("body")).toHaveCSS("background-color", "rgb(245, 247, 251)");
    // Browsers hide a nonce from getAttribute once parsed; the property still has it.
    const nonces = await page
      .locator("script")
      .evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
    expect(nonces.length).toBeGreaterThan(0);
    for (const nonce of nonces) expect(nonce).not.toBe("");
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);

    await page.getByRole("link", { name: "Back to your appointments" }).click();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fappointments$/);
    await expect(page.getByRole("heading", { name: "Sign in to your appointments" })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("signed in, the way back leads to the search", async ({ pageAs }) => {
    const page = await pageAs("zia");
    const errors = recordErrors(page);
    await page.goto(UNKNOWN_PATHS[1]!);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Back to your appointments" }).click();
    await expect(page.getByRole("list", { name: "Search results" }).getByRole("article")).toHaveCount(4);
    expect(errors).toEqual([]);
  });
});
