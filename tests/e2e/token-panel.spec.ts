import { decodeJwt } from "jose";
import { expect, test } from "./fixtures";
import { recordTokens } from "./search-helpers";

const PANEL = "Why do I only see my appointments?";

test.describe("the 'Why do I only see my appointments?' panel", () => {
  test("shows the decoded token's rules, key uid and expiry, and nothing secret", async ({ pageAs, stack }) => {
    const page = await pageAs("john");
    const tokens = recordTokens(page);
    await page.reload();
    const toggle = page.getByRole("button", { name: PANEL });
    const region = page.getByRole("region", { name: "Your search token" });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(region).toBeHidden();

    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(region).toBeVisible();
    await expect(region).toContainText("adds the token’s filter with AND to every search");
    await expect(region).toContainText('"filter": "patient_id = \\"p-john\\""');

    await expect.poll(() => tokens.length).toBeGreaterThan(0);
    const token = tokens.at(-1)!;
    // The session's own parent key.
    await expect(region).toContainText(String(decodeJwt(token).apiKeyUid));
    const exp = decodeJwt(token).exp!;
    await expect(region.locator("time")).toHaveAttribute("datetime", new Date(exp * 1000).toISOString());

    const html = await page.content();
    const [header, payload, signature] = token.split(".");
    for (const secret of [token, signature!, header!, payload!, stack.masterKey]) expect(html).not.toContain(secret);
  });

  test("the expiry counts down live", async ({ pageAs }) => {
    const page = await pageAs("zia");
    await page.getByRole("button", { name: PANEL }).click();
    const timer = page.getByRole("timer", { name: "Time left" });
    await expect(timer).toHaveText(/^\d+:\d\d$/);
    const seconds = (text: string) => text.split(":").reduce((total, part) => total * 60 + Number(part), 0);
    const first = seconds((await timer.textContent())!);
    expect(first).toBeGreaterThan(60);
    await expect
      .poll(async () => seconds((await timer.textContent())!), { timeout: 5_000 })
      .toBeLessThanOrEqual(first - 2);
  });

  test("each staff role asks the question in its own words and sees the rule that pins it", async ({ pageAs }) => {
    for (const [username, question, filter] of [
      ["dr-patel", "Why do I only see my patients' appointments?", 'doctor_id = \\"d-patel\\"'],
      ["front-desk-north", "Why do I only see this clinic's appointments?", 'clinic_id = \\"c-north\\"'],
    ] as const) {
      const page = await pageAs(username);
      await expect(page.getByRole("button", { name: PANEL })).toHaveCount(0);
      await page.getByRole("button", { name: question }).click();
      await expect(page.getByRole("region", { name: "Your search token" })).toContainText(filter);
    }
  });

  test("opens and closes from the keyboard", async ({ pageAs }) => {
    const page = await pageAs("kevin");
    const toggle = page.getByRole("button", { name: PANEL });
    await toggle.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "Your search token" })).toBeVisible();
    await page.keyboard.press("Space");
    await expect(page.getByRole("region", { name: "Your search token" })).toBeHidden();
  });

  test("follows the token when it is replaced (5-second tokens)", async ({ pageAs, stack }) => {
    const page = await pageAs("john", { baseURL: stack.strictURL });
    await page.getByRole("button", { name: PANEL }).click();
    const expiry = page.getByRole("region", { name: "Your search token" }).locator("time");
    const first = await expiry.getAttribute("datetime");
    expect(first).not.toBeNull();
    // The store renews the token ahead of expiry, in the background; the panel shows the new one.
    await expect(expiry).not.toHaveAttribute("datetime", first!, { timeout: 10_000 });
    await expect(page.getByRole("timer", { name: "Time left" })).not.toHaveText("expired");
  });
});
