import { expect, searchFor, test } from "./fixtures";
import { cards, filterGroup, recordTokens, results, sortSelect } from "./search-helpers";

test.describe("search state in the URL", () => {
  test("query, filters, sort and page are written to a clean URL and survive a reload", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    await searchFor(page, "sore throat");
    await expect(page).toHaveURL(/\/appointments\?q=sore\+throat$/);
    await filterGroup(page, "Status")
      .getByRole("checkbox", { name: /^Completed/ })
      .check();
    await expect(page).toHaveURL(/\?q=sore\+throat&status=completed$/);
    await sortSelect(page).selectOption({ label: "Newest first" });
    await expect(page).toHaveURL(/\?q=sore\+throat&status=completed&sort=newest$/);
    await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/\?q=sore\+throat&status=completed&sort=newest&page=2$/);
    const secondPage = await results(page).textContent();

    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("sore throat");
    await expect(filterGroup(page, "Status").getByRole("checkbox", { name: /^Completed/ })).toBeChecked();
    await expect(sortSelect(page)).toHaveValue("newest");
    await expect(page.getByRole("link", { name: "Page 2" })).toHaveAttribute("aria-current", "page");
    await expect(results(page)).toHaveText(secondPage!);
  });

  test("back and forward step through earlier searches", async ({ pageAs }) => {
    const page = await pageAs("john");
    const confirmed = page.getByRole("checkbox", { name: /^Confirmed/ });
    await searchFor(page, "follow");
    await expect(page).toHaveURL(/\?q=follow$/);
    await confirmed.check();
    await expect(page).toHaveURL(/\?q=follow&status=confirmed$/);
    await expect(cards(page)).toHaveCount(1);

    await page.goBack();
    await expect(page).toHaveURL(/\?q=follow$/);
    await expect(confirmed).not.toBeChecked();
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("follow");

    await page.goBack();
    await expect(page).toHaveURL(/\/appointments$/);
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("");
    await expect(cards(page)).toHaveCount(4);

    await page.goForward();
    await page.goForward();
    await expect(page).toHaveURL(/\?q=follow&status=confirmed$/);
    await expect(confirmed).toBeChecked();
    await expect(cards(page)).toHaveCount(1);
  });

  test("a shared link opens the same search, and shows another user only their own data", async ({ pageAs }) => {
    const john = await pageAs("john");
    await searchFor(john, "cold");
    await expect(john).toHaveURL(/\?q=cold$/);
    const link = john.url();

    const johnAgain = await pageAs("john");
    await johnAgain.goto(link);
    await expect(cards(johnAgain)).toHaveCount(1);
    await expect(results(johnAgain)).toContainText("caught a cold");

    const zia = await pageAs("zia");
    await zia.goto(link);
    await expect(zia.getByRole("status").filter({ hasText: "No appointments match “cold”." })).toBeVisible();
    await expect(zia.locator("body")).not.toContainText("caught a cold");
  });

  test("a hand-made URL cannot widen the slice, and junk parameters are ignored", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    // Dr. Okafor works at the South clinic: filtering on him from North's token finds nothing.
    await page.goto("/appointments?doctor=Dr.+Chidi+Okafor&token=forged&filter=clinic_id%3D%22c-south%22&page=abc");
    await expect(page.getByRole("status").filter({ hasText: "No appointments found." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Remove Doctor: Dr. Chidi Okafor" })).toBeVisible();
    await page.getByRole("button", { name: "Clear all filters" }).click();
    await expect(cards(page)).toHaveCount(10);
    await expect(page).toHaveURL(/\/appointments$/);
  });

  test("a link past the last page offers the first page instead of a blank list", async ({ pageAs }) => {
    const page = await pageAs("john");
    await page.goto("/appointments?status=confirmed&page=7");
    const notice = page.getByRole("status").filter({ hasText: "There is no page 7 for this search; it has 1 page." });
    await expect(notice).toBeVisible();
    await notice.getByRole("button", { name: "Go to the first page" }).click();
    await expect(cards(page)).toHaveCount(1);
    await expect(page).toHaveURL(/\?status=confirmed$/);
  });

  test("the tenant token never reaches the URL or web storage", async ({ pageAs }) => {
    const page = await pageAs("kevin");
    const tokens = recordTokens(page);
    const urls: string[] = [];
    page.on("framenavigated", (frame) => urls.push(frame.url()));
    await page.reload();
    await searchFor(page, "ear");
    await page.getByRole("checkbox", { name: /^Cancelled/ }).check();
    await expect(page).toHaveURL(/status=cancelled/);
    urls.push(page.url());
    await expect.poll(() => tokens.length).toBeGreaterThan(0);

    const storage = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    const history = await page.evaluate(() => JSON.stringify(window.history.state));
    for (const token of tokens) {
      const signature = token.split(".")[2]!;
      for (const url of urls) expect(url).not.toContain(signature);
      expect(storage).not.toContain(signature);
      expect(history).not.toContain(signature);
    }
  });
});
