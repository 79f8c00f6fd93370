import { expect, searchFor, test } from "./fixtures";
import {
  cards,
  cardTimes,
  expectSorted,
  facetCount,
  filterGroup,
  firstCardLabel,
  recordHits,
  results,
  sortSelect,
  stats,
  waitForNewFirstCard,
} from "./search-helpers";

test.describe("patient search", () => {
  test("john finds his cold appointment and never Zia's or Kevin's", async ({ pageAs }) => {
    const page = await pageAs("john");
    const hits = recordHits(page);
    await searchFor(page, "cold");
    await expect(cards(page)).toHaveCount(1);
    await expect(results(page)).toContainText("I think I caught a cold. Can you help me?");
    await expect(results(page).locator("mark")).toHaveText("cold");

    await searchFor(page, "");
    await expect(cards(page)).toHaveCount(4);
    await expect(page.locator("body")).not.toContainText("fever");
    await expect(page.locator("body")).not.toContainText("confidential");
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((hit) => hit.patient_id))).toEqual(new Set(["p-john"]));
  });

  test("zia sees only hers", async ({ pageAs }) => {
    const page = await pageAs("zia");
    await expect(cards(page)).toHaveCount(4);
    await expect(results(page)).toContainText("I'm suffering from fever. I need an appointment ASAP.");
    await searchFor(page, "cold");
    await expect(page.getByRole("status").filter({ hasText: "No appointments match “cold”." })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("caught a cold");
  });

  test("the status refinement narrows the results", async ({ pageAs }) => {
    const page = await pageAs("kevin");
    await page.getByRole("checkbox", { name: /confirmed/i }).check();
    await expect(cards(page)).toHaveCount(2);
    for (const badge of await results(page).locator(".status-badge").allTextContents()) expect(badge).toBe("Confirmed");
  });

  test("a query with no match: a hint, one click to clear the search, no bare filter headings", async ({ pageAs }) => {
    const page = await pageAs("john");
    await searchFor(page, "zzzxqv");
    const empty = page.getByRole("status").filter({ hasText: "No appointments match “zzzxqv”." });
    await expect(empty).toBeVisible();
    await expect(empty).toContainText("try another word");
    // No filter is set, so nothing speaks of filters.
    await expect(empty).not.toContainText("filter");
    await expect(empty.getByRole("button", { name: "Clear the filters" })).toHaveCount(0);
    for (const group of ["Status", "Department", "Doctor"]) await expect(filterGroup(page, group)).toHaveCount(0);

    await empty.getByRole("button", { name: "Clear the search" }).click();
    await expect(cards(page)).toHaveCount(4);
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("");
    await expect(page).toHaveURL(/\/appointments$/);
  });

  test("no match with filters set offers to clear the search or the filters", async ({ pageAs }) => {
    const page = await pageAs("zia");
    await page.getByRole("checkbox", { name: /^Confirmed/ }).check();
    await searchFor(page, "fever");
    const empty = page.getByRole("status").filter({ hasText: "No appointments match “fever” with these filters." });
    await expect(empty).toBeVisible();
    await empty.getByRole("button", { name: "Clear the filters" }).click();
    await expect(cards(page)).toHaveCount(2);
    await expect(stats(page)).toHaveText("2 appointments for “fever”");
  });

  test("with no query, appointments are newest first and say how far away they are", async ({ pageAs }) => {
    const page = await pageAs("john");
    await expect(cards(page)).toHaveCount(4);
    expectSorted(await cardTimes(page), "desc");
    // John's are 14 and 3 days ahead, 12 and 40 days back (devtools/appointments-data.ts).
    await expect(cards(page).locator(".hit-relative")).toHaveText([
      "Upcoming, in 2 weeks",
      "Upcoming, in 3 days",
      "Past, 2 weeks ago",
      "Past, 1 month ago",
    ]);
  });

  test("a patient's cards show date, time, doctor, department, location and status, without the patient", async ({
    pageAs,
  }) => {
    const page = await pageAs("john");
    await searchFor(page, "allergies");
    const card = cards(page).first();
    await expect(card.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    await expect(card.locator("time")).toHaveText(/\d{4}.*\d\d:\d\d/);
    await expect(card).toContainText("Dr. Anika Patel");
    await expect(card).toContainText("General medicine");
    await expect(card).toContainText("North Clinic, Room 210");
    await expect(card).toContainText("Confirmed");
    await expect(card.getByRole("term")).toHaveText(["Doctor", "Department", "Location"]);
  });
});

test.describe("search widgets", () => {
  test("as-you-type search highlights matches in the details and the doctor", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    await page.getByRole("searchbox", { name: "Search" }).pressSequentially("fever", { delay: 30 });
    await expect(stats(page)).toHaveText(/^\d+ appointments? for “fever”$/);
    // Each keystroke searched; wait for the last one's results, then every match is "fever".
    await expect
      .poll(
        async () => new Set((await results(page).locator("mark").allTextContents()).map((mark) => mark.toLowerCase())),
      )
      .toEqual(new Set(["fever"]));

    // A doctor's cards name the patient (not herself): matches are highlighted there too.
    await searchFor(page, "zia");
    await expect(results(page).locator("mark").first()).toHaveText("Zia");
  });

  test("stats count every matching appointment, not just the page", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    await expect(cards(page)).toHaveCount(10);
    const total = Number((await stats(page).textContent())!.match(/^([\d,]+)/)![1]!.replace(/,/g, ""));
    expect(total).toBeGreaterThan(10);
    const statusCounts = await filterGroup(page, "Status").locator(".facet-count").allTextContents();
    expect(statusCounts.map((count) => Number(count.replace(/,/g, ""))).reduce((a, b) => a + b, 0)).toBe(total);
  });

  test("facets show counts, combine, appear as removable chips, and clear all at once", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    const hits = recordHits(page);
    const status = filterGroup(page, "Status");
    const department = filterGroup(page, "Department");
    await expect(status.getByRole("checkbox")).toHaveCount(4);
    const pendingCount = await facetCount(page, "Status", /^Pending/);

    await status.getByRole("checkbox", { name: /^Pending/ }).check();
    await expect(stats(page)).toHaveText(new RegExp(`^${pendingCount.toLocaleString("en-US")} appointments`));
    await department.getByRole("checkbox", { name: /^Dermatology/ }).check();
    await expect(page.getByRole("button", { name: "Remove Department: Dermatology" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Remove Status: Pending" })).toBeVisible();
    await expect(stats(page)).not.toHaveText(new RegExp(`^${pendingCount.toLocaleString("en-US")} appointments`));

    hits.length = 0;
    await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Page 2" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect.poll(() => hits.filter((hit) => hit.department === "Dermatology").length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.status).toBe("pending");
      expect(hit.department).toBe("Dermatology");
      expect(hit.clinic_id).toBe("c-north");
    }

    await page.getByRole("button", { name: "Remove Department: Dermatology" }).click();
    await expect(department.getByRole("checkbox", { name: /^Dermatology/ })).not.toBeChecked();
    await expect(stats(page)).toHaveText(new RegExp(`^${pendingCount.toLocaleString("en-US")} appointments`));

    await page.getByRole("button", { name: "Clear all filters" }).click();
    await expect(status.getByRole("checkbox", { checked: true })).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Active filters" })).toHaveCount(0);
  });

  test("sorts by date: newest first, oldest first", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    await sortSelect(page).selectOption({ label: "Newest first" });
    await expect(page).toHaveURL(/sort=newest/);
    await expect.poll(async () => (await cardTimes(page)).length).toBe(10);
    await expect.poll(() => cardTimes(page).then((times) => times[0]! >= times[9]!)).toBe(true);
    expectSorted(await cardTimes(page), "desc");
    const newest = (await cardTimes(page))[0]!;

    await sortSelect(page).selectOption({ label: "Oldest first" });
    await expect(page).toHaveURL(/sort=oldest/);
    await expect.poll(() => cardTimes(page).then((times) => times[0]! < newest)).toBe(true);
    expectSorted(await cardTimes(page), "asc");
  });

  test("'upcoming' shows only future appointments, soonest first, as a visible filter", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    const hits = recordHits(page);
    const selectedAt = Date.now();
    await sortSelect(page).selectOption({ label: "Upcoming, soonest first" });
    await expect(page).toHaveURL(/sort=upcoming/);
    const chip = page.getByRole("button", { name: /^Remove Date: upcoming/ });
    await expect(chip).toBeVisible();
    await expect
      .poll(() => cardTimes(page).then((times) => times.every((time) => time >= selectedAt - 1_000)))
      .toBe(true);
    expectSorted(await cardTimes(page), "asc");

    // Every hit on the wire after the switch is in the future, across pages.
    hits.length = 0;
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect.poll(() => hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.scheduled_at * 1000).toBeGreaterThanOrEqual(selectedAt - 1_000);

    // Removing the date filter leaves the ascending order, and the select says so.
    await chip.click();
    await expect(sortSelect(page)).toHaveValue("oldest");
    await expect(page).toHaveURL(/sort=oldest/);
    await expect.poll(() => cardTimes(page).then((times) => times[0]! < selectedAt)).toBe(true);
  });

  test("pagination moves through pages with real links", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    const nav = page.getByRole("navigation", { name: "Pagination" });
    await expect(nav.getByRole("link", { name: "Page 1" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Previous page" })).toHaveCount(0);
    const first = await firstCardLabel(page);

    await expect(nav.getByRole("link", { name: "Page 3" })).toHaveAttribute("href", /\/appointments\?page=3$/);
    await nav.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/\/appointments\?page=2$/);
    await expect(nav.getByRole("link", { name: "Page 2" })).toHaveAttribute("aria-current", "page");
    await waitForNewFirstCard(page, first);
    await expect(cards(page)).toHaveCount(10);

    await nav.getByRole("link", { name: "Page 3" }).click();
    await expect(page).toHaveURL(/page=3$/);
    await nav.getByRole("link", { name: "Previous page" }).click();
    await expect(page).toHaveURL(/page=2$/);
    await expect(nav).toContainText(/Page 2 of \d+/);
  });
});
