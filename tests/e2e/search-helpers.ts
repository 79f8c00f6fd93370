import type { Locator, Page } from "@playwright/test";
import type { Appointment } from "../../lib/common/appointments";
import { expect } from "./fixtures";

export const results = (page: Page) => page.getByRole("list", { name: "Search results" });
export const cards = (page: Page) => results(page).getByRole("article");
export const filterGroup = (page: Page, name: string) => page.getByRole("group", { name });
export const sortSelect = (page: Page) => page.getByRole("combobox", { name: "Sort by" });
/** The result count above the hits: "1,113 appointments" or "54 appointments for “fever”". */
export const stats = (page: Page) =>
  page.getByRole("status").filter({ hasText: /^(More than )?[\d,]+ appointments?( for “.*”)?$/ });

/** The number the count shows, e.g. 1113 for "1,113 appointments". */
export async function shownCount(page: Page): Promise<number> {
  const text = (await stats(page).textContent()) ?? "";
  return Number(text.match(/[\d,]+/)?.[0]?.replace(/,/g, "") ?? Number.NaN);
}

/** A facet option's count, read off its checkbox's row. */
export async function facetCount(page: Page, group: string, option: RegExp): Promise<number> {
  const text = await filterGroup(page, group)
    .getByRole("checkbox", { name: option })
    .locator("xpath=..")
    .locator(".facet-count")
    .textContent();
  return Number(text?.replace(/,/g, ""));
}

/**
 * Every hit Meilisearch sent to this page, read off the wire. It proves what the browser
 * received, not just what the UI chose to render.
 */
export function recordHits(page: Page): Appointment[] {
  const hits: Appointment[] = [];
  page.on("response", async (response) => {
    if (!response.url().endsWith("/multi-search") || response.request().method() !== "POST") return;
    try {
      const body = (await response.json()) as { results?: { hits: Appointment[] }[] };
      for (const result of body.results ?? []) hits.push(...result.hits);
    } catch {
      // A response cut short by navigation has no body to read.
    }
  });
  return hits;
}

/** The tenant tokens this page received from /api/search-token. */
export function recordTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on("response", async (response) => {
    if (!response.url().includes("/api/search-token") || response.status() !== 200) return;
    try {
      tokens.push(((await response.json()) as { token: string }).token);
    } catch {
      // As above.
    }
  });
  return tokens;
}

/** Appointment times (ms) of the rendered cards, top to bottom, from each card's `<time datetime>`. */
export async function cardTimes(page: Page): Promise<number[]> {
  const values = await results(page)
    .locator("time")
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("datetime")));
  return values.map((value) => Date.parse(value ?? ""));
}

/** Text of one labelled field (Doctor, Patient, …) on every rendered card. */
export async function cardField(page: Page, label: string): Promise<string[]> {
  return cards(page).evaluateAll(
    (articles, wanted) =>
      articles.map((article) => {
        const term = [...article.querySelectorAll("dt")].find((dt) => dt.textContent === wanted);
        return term?.nextElementSibling?.textContent ?? "";
      }),
    label,
  );
}

export function expectSorted(values: number[], direction: "asc" | "desc") {
  const sorted = [...values].sort((a, b) => (direction === "asc" ? a - b : b - a));
  expect(values).toEqual(sorted);
}

/** Waits until the first card differs from `before`: the next page or order has rendered. */
export async function waitForNewFirstCard(page: Page, before: string | null) {
  await expect(cards(page).first()).not.toHaveAttribute("aria-label", before ?? "");
}

export async function firstCardLabel(page: Page) {
  return cards(page).first().getAttribute("aria-label");
}

/** Presses Tab until `target` has focus; fails after `max` presses. Keyboard-only navigation. */
export async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Could not reach ${target} with Tab in ${max} presses`);
}
