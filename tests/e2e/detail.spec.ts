import type { Page } from "@playwright/test";
import { expect, searchFor, test } from "./fixtures";
import { cards, recordHits } from "./search-helpers";

// Read-only: these look at seeded appointments (1 is John's, 2 is Zia's; both with Dr. Patel).

const notFound = (page: Page) => page.getByRole("heading", { level: 1, name: "Appointment not found" });

/** Every search request a detail page sends to Meilisearch (not the search page it came from). */
function recordDetailSearches(page: Page): string[] {
  const bodies: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/multi-search") && /\/appointments\/[^/?]/.test(request.frame().url()))
      bodies.push(request.postData() ?? "");
  });
  return bodies;
}

test.describe("the appointment detail page", () => {
  test("john's own appointment: every field, the reason as text, and his actions", async ({ pageAs }) => {
    const page = await pageAs("john");
    const searches = recordDetailSearches(page);
    await page.goto("/appointments/1");
    const detail = page.getByRole("article");
    await expect(detail.getByText("Appointment 1", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/\b20\d\d\b.*\d:\d\d/);
    await expect(detail.locator(".status-badge")).toHaveText("Pending");
    await expect(page.getByRole("region", { name: "Reason for the visit" })).toHaveText(
      "I think I caught a cold. Can you help me?",
    );
    await expect(detail.getByRole("term")).toHaveText(["Doctor", "Department", "Clinic", "Location"]);
    await expect(detail.getByRole("definition").first()).toHaveText("Dr. Anika Patel");
    await expect(detail.getByRole("button")).toHaveText(["Reschedule", "Cancel"]);
    // Read in the browser with the tenant token, filtered on the id.
    expect(searches.some((body) => body.includes("id = 1"))).toBe(true);
  });

  test("a front desk sees the patient too", async ({ pageAs }) => {
    const page = await pageAs("front-desk-north");
    await page.goto("/appointments/1");
    const detail = page.getByRole("article");
    await expect(detail.getByRole("term")).toHaveText(["Patient", "Doctor", "Department", "Clinic", "Location"]);
    await expect(detail.getByRole("definition").first()).toHaveText("John");
    await expect(detail.getByRole("button")).toHaveText(["Confirm", "Reschedule", "Cancel"]);
  });

  test("another patient's id and an id that does not exist show the very same not-found", async ({ pageAs }) => {
    const page = await pageAs("john");
    const hits = recordHits(page);

    await page.goto("/appointments/2");
    await expect(notFound(page)).toBeVisible();
    const othersText = await page.getByRole("main").innerText();

    await page.goto("/appointments/987654321");
    await expect(notFound(page)).toBeVisible();
    expect(await page.getByRole("main").innerText()).toBe(othersText);

    // Not merely hidden: Meilisearch sent this browser nothing of Zia's.
    expect(hits.filter((hit) => hit.id === 2 || hit.patient_id !== "p-john")).toEqual([]);
    await expect(page.getByText("fever")).toHaveCount(0);
  });

  test("an id that is not a positive integer is not found, without a search", async ({ pageAs }) => {
    const page = await pageAs("john");
    const searches = recordDetailSearches(page);
    for (const id of ["abc", "1abc", "0", "-1", "1.5", "1%20OR%20id%20%3E%200"]) {
      await page.goto(`/appointments/${id}`);
      await expect(notFound(page), id).toBeVisible();
      await expect(page.getByRole("article")).toHaveCount(0);
    }
    expect(searches).toEqual([]);
  });

  test("a card's Details link opens it, and Back returns to the same search", async ({ pageAs }) => {
    const page = await pageAs("john");
    await searchFor(page, "allergies");
    await expect(cards(page)).toHaveCount(1);
    await cards(page).getByRole("link", { name: "Details" }).click();
    await expect(page).toHaveURL(/\/appointments\/4\?from=q%3Dallergies$/);
    await expect(page.getByRole("region", { name: "Reason for the visit" })).toContainText("seasonal allergies");

    await page.getByRole("link", { name: "Back to appointments" }).first().click();
    await expect(page).toHaveURL(/\/appointments\?q=allergies$/);
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("allergies");
    await expect(cards(page)).toHaveCount(1);
  });

  test("signed out, the detail page sends you to sign in and back", async ({ page }) => {
    await page.goto("/appointments/1");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fappointments%2F1$/);
  });
});
