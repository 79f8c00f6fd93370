import { todayUtc } from "../../devtools/appointments-data";
import { expectedFor, TENANTS } from "../support/expected";
import { expect, test } from "./fixtures";
import { cards, facetCount, filterGroup, shownCount, stats } from "./search-helpers";
import { E2E_SEED_COUNT } from "./support/stack-info";

const expected = (username: string) => expectedFor(TENANTS[username]!, E2E_SEED_COUNT, todayUtc());

test.describe("counts and pages are exact past 1,000 appointments", () => {
  test("the North clinic's front desk sees all 1,102, filtered counts that match the facets, and the last page", async ({
    pageAs,
  }) => {
    const north = expected("front-desk-north");
    expect(north.length).toBe(1_102);
    const page = await pageAs("front-desk-north");
    await expect(stats(page)).toHaveText("1,102 appointments");
    const nav = page.getByRole("navigation", { name: "Pagination" });
    await expect(nav).toContainText("Page 1 of 111");

    const moreau = north.filter((doc) => doc.doctor === "Dr. Léa Moreau").length;
    expect(await facetCount(page, "Doctor", /^Dr\. Léa Moreau/)).toBe(moreau);
    await filterGroup(page, "Doctor")
      .getByRole("checkbox", { name: /^Dr\. Léa Moreau/ })
      .check();
    await expect(stats(page)).toHaveText(`${moreau.toLocaleString("en-US")} appointments`);
    await page.getByRole("button", { name: "Remove Doctor: Dr. Léa Moreau" }).click();
    await expect(stats(page)).toHaveText("1,102 appointments");

    // Page 111 holds appointments 1,101 and 1,102: past the 1,000th, out of reach before.
    await page.goto("/appointments?page=111");
    await expect(nav.getByRole("link", { name: "Page 111" })).toHaveAttribute("aria-current", "page");
    await expect(cards(page)).toHaveCount(2);
    await expect(nav.getByRole("link", { name: "Next page" })).toHaveCount(0);
  });

  test("every role's count equals its slice of the seeded data", async ({ pageAs }) => {
    for (const username of ["john", "dr-patel", "front-desk-north"]) {
      const page = await pageAs(username);
      await expect(stats(page)).toBeVisible();
      expect(await shownCount(page), username).toBe(expected(username).length);
    }
  });
});
