import { expect, searchFor, test } from "./fixtures";
import { ROLE_VIEWS } from "../../lib/common/role-views";
import {
  cardField,
  cards,
  cardTimes,
  expectSorted,
  filterGroup,
  recordHits,
  results,
  shownCount,
  sortSelect,
  stats,
} from "./search-helpers";

const NORTH_DOCTORS = ["Dr. Anika Patel", "Dr. Léa Moreau", "Dr. Omar Haddad"];

test.describe("the examples a role is shown find something", () => {
  for (const [username, role] of [
    ["dr-patel", "doctor"],
    ["front-desk-north", "clinic"],
  ] as const) {
    test(`${username}: every example in the placeholder has results, and the empty state offers them`, async ({
      pageAs,
    }) => {
      const page = await pageAs(username);
      const { examples } = ROLE_VIEWS[role];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        await expect(page.getByRole("searchbox", { name: "Search" })).toHaveAttribute(
          "placeholder",
          new RegExp(example),
        );
        await searchFor(page, example);
        await expect(cards(page).first()).toBeVisible();
        expect(await shownCount(page)).toBeGreaterThan(0);
        for (const mark of await results(page).locator("mark").allTextContents())
          expect(mark.toLowerCase()).toBe(example.toLowerCase());
      }
      await searchFor(page, "zzzxqv");
      await page.getByRole("status").getByRole("button", { name: examples[0] }).click();
      await expect(stats(page)).toHaveText(new RegExp(`for “${examples[0]}”$`));
    });
  }
});

test.describe("each role sees its own slice, with a UI that fits it", () => {
  test("a patient: 'My appointments', no patient column, only their own", async ({ pageAs }) => {
    const page = await pageAs("zia");
    const hits = recordHits(page);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My appointments");
    await expect(cards(page)).toHaveCount(4);
    await expect(
      cards(page)
        .getByRole("term")
        .filter({ hasText: /^Patient$/ }),
    ).toHaveCount(0);
    await expect.poll(() => hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((hit) => hit.patient_id))).toEqual(new Set(["p-zia"]));
  });

  test("dr-patel: appointments assigned to her, across several patients and pages", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    const hits = recordHits(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My patients' appointments");
    // A doctor or department filter would only ever list herself and her department.
    await expect(filterGroup(page, "Doctor")).toHaveCount(0);
    await expect(filterGroup(page, "Department")).toHaveCount(0);
    await expect(filterGroup(page, "Status").getByRole("checkbox")).toHaveCount(4);

    const nav = page.getByRole("navigation", { name: "Pagination" });
    for (const pageNumber of [2, 3]) {
      await nav.getByRole("link", { name: `Page ${pageNumber}` }).click();
      await expect(page).toHaveURL(new RegExp(`page=${pageNumber}$`));
    }
    await expect.poll(() => new Set(hits.map((hit) => hit.id)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(hits.map((hit) => hit.doctor_id))).toEqual(new Set(["d-patel"]));
    expect(new Set(hits.map((hit) => hit.patient_id)).size).toBeGreaterThan(5);
    // Her own name and department on every card would be noise; the patient and room are not.
    await expect(cards(page).first().getByRole("term")).toHaveText(["Patient", "Location"]);
    expect(new Set(await cardField(page, "Patient")).size).toBeGreaterThan(1);
    for (const location of await cardField(page, "Location")) expect(location).toMatch(/^(Room \d+|Imaging suite)$/);

    // The guide's John and Zia are both her patients; Kevin (Dr. Okafor) is not.
    await searchFor(page, "cold");
    await expect(page.getByRole("list", { name: "Search results" })).toContainText("I think I caught a cold");
    await searchFor(page, "confidential");
    await expect(page.getByRole("status").filter({ hasText: "No appointments match" })).toBeVisible();
  });

  test("dr-patel: filters and sorting stay within her slice", async ({ pageAs }) => {
    const page = await pageAs("dr-patel");
    const hits = recordHits(page);
    await filterGroup(page, "Status")
      .getByRole("checkbox", { name: /^Pending/ })
      .check();
    await sortSelect(page).selectOption({ label: "Newest first" });
    await expect(page).toHaveURL(/status=pending&sort=newest$/);
    await expect.poll(() => cardTimes(page).then((times) => times.length)).toBeGreaterThan(1);
    expectSorted(await cardTimes(page), "desc");
    expect(new Set(await cards(page).locator(".status-badge").allTextContents())).toEqual(new Set(["Pending"]));
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.doctor_id).toBe("d-patel");
  });

  test("front-desk-north: every appointment of the North clinic, and nothing of the others", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    const hits = recordHits(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Clinic appointments");
    const doctors = filterGroup(page, "Doctor");
    await expect(doctors.getByRole("checkbox")).toHaveCount(NORTH_DOCTORS.length);
    for (const doctor of NORTH_DOCTORS)
      await expect(doctors.getByRole("checkbox", { name: new RegExp(`^${doctor}`) })).toBeVisible();

    const nav = page.getByRole("navigation", { name: "Pagination" });
    for (const pageNumber of [2, 3]) {
      await nav.getByRole("link", { name: `Page ${pageNumber}` }).click();
      await expect(page).toHaveURL(new RegExp(`page=${pageNumber}$`));
    }
    await expect.poll(() => new Set(hits.map((hit) => hit.id)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(hits.map((hit) => hit.clinic_id))).toEqual(new Set(["c-north"]));
    expect(new Set(hits.map((hit) => hit.doctor_id)).size).toBeGreaterThan(1);
    // The clinic is the front desk's own, so a card names only the room.
    await expect(cards(page).first().getByRole("term")).toHaveText(["Patient", "Doctor", "Department", "Location"]);
    const northRooms = ["Room 101", "Room 104", "Room 210", "Imaging suite"];
    for (const location of await cardField(page, "Location")) expect(northRooms).toContain(location);

    // Kevin's guide appointment is at the South clinic.
    await searchFor(page, "confidential");
    await expect(page.getByRole("status").filter({ hasText: "No appointments match" })).toBeVisible();
  });

  test("front-desk-north: narrowing to one doctor, sorted oldest first", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    const before = await stats(page).textContent();
    await filterGroup(page, "Doctor")
      .getByRole("checkbox", { name: /^Dr\. Léa Moreau/ })
      .check();
    await expect(stats(page)).not.toHaveText(before!);
    await sortSelect(page).selectOption({ label: "Oldest first" });
    await expect(page).toHaveURL(/doctor=Dr\.\+L%C3%A9a\+Moreau&sort=oldest$/);
    await expect.poll(async () => new Set(await cardField(page, "Doctor"))).toEqual(new Set(["Dr. Léa Moreau"]));
    expectSorted(await cardTimes(page), "asc");
    expect(new Set(await cardField(page, "Department"))).toEqual(new Set(["Dermatology"]));
  });
});
