import { expect, signInViaForm, test } from "./fixtures";

test.describe("sign-in", () => {
  test("a signed-out visit to /appointments is redirected to /login", async ({ page }) => {
    await page.goto("/appointments");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await expect(page.getByRole("heading", { name: "Sign in to your appointments" })).toBeVisible();
  });

  test("the login page lists the demo accounts", async ({ page }) => {
    await page.goto("/login");
    const accounts = page.getByRole("table");
    for (const username of ["john", "zia", "kevin", "dr-patel", "front-desk-north"]) {
      await expect(accounts.getByRole("cell", { name: username, exact: true })).toBeVisible();
    }
  });

  test("a wrong password is refused and gives no session", async ({ page }) => {
    await page.goto("/login");
    await signInViaForm(page, "john", "wrong-password");
    await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    const session = await (await page.request.get("/api/auth/session")).json();
    expect(session).toEqual({});
    await page.goto("/appointments");
    await expect(page).toHaveURL(/\/login/);
  });

  test("an unknown user is refused the same way", async ({ page }) => {
    await page.goto("/login");
    await signInViaForm(page, "mallory");
    await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password." })).toBeVisible();
  });

  test("john signs in, lands on /appointments, and signs out", async ({ page }) => {
    await page.goto("/appointments");
    await signInViaForm(page, "john");
    await expect(page).toHaveURL(/\/appointments$/);
    await expect(page.getByText("Signed in as")).toContainText("John");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/appointments");
    await expect(page).toHaveURL(/\/login/);
  });
});
