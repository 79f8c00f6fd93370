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
    await expect(
      page.getByRole("alert").filter({ hasText: "Wrong username or password, or the account is disabled." }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    const session = await (await page.request.get("/api/auth/session")).json();
    expect(session).toEqual({});
    await page.goto("/appointments");
    await expect(page).toHaveURL(/\/login/);
  });

  test("an empty form is not sent: it says what is missing and focuses that field", async ({ page }) => {
    await page.goto("/login");
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Enter your username and password." })).toBeVisible();
    await expect(page.getByLabel("Username")).toBeFocused();

    await page.getByLabel("Username").fill("john");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Enter your password." })).toBeVisible();
    await expect(page.getByLabel("Password")).toBeFocused();
    expect(posts).toEqual([]);
  });

  test("after a wrong password, focus is back in the password field, not on the page body", async ({ page }) => {
    await page.goto("/login");
    await signInViaForm(page, "zia", "not-the-password");
    await expect(
      page.getByRole("alert").filter({ hasText: "Wrong username or password, or the account is disabled." }),
    ).toBeVisible();
    await expect(page.getByLabel("Password")).toBeFocused();
    await expect(page.getByLabel("Username")).toHaveValue("zia");
  });

  test("an oversized username gets the server's own answer, not a network error", async ({ page }) => {
    await page.goto("/login");
    // The field stops at 128 characters; a pasted or scripted value can still go past it.
    await page.getByLabel("Username").evaluate((input) => input.removeAttribute("maxlength"));
    await signInViaForm(page, "x".repeat(300));
    await expect(page.getByRole("alert").filter({ hasText: "Enter a username of 1 to 128 characters." })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "could not reach" })).toHaveCount(0);
  });

  test("an unknown user is refused the same way", async ({ page }) => {
    await page.goto("/login");
    await signInViaForm(page, "mallory");
    await expect(
      page.getByRole("alert").filter({ hasText: "Wrong username or password, or the account is disabled." }),
    ).toBeVisible();
  });

  test("john signs in, lands on /appointments, and signs out", async ({ page }) => {
    await page.goto("/appointments");
    await signInViaForm(page, "john");
    await expect(page).toHaveURL(/\/appointments$/);
    await expect(page.getByText("Signed in as")).toContainText("John");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/appointments");
    await expect(page).toHaveURL(/\/login/);
  });
});
