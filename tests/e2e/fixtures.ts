import { test as base, expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD as PASSWORD, signInViaApi } from "../../devtools/sign-in";
import { readStackInfo, type StackInfo } from "./support/stack-info";

export { signInViaApi };

export async function signInViaForm(page: Page, username: string, password = PASSWORD) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Types a query and waits until what is shown answers it: the count says `for “query”` (or,
 * for an empty query, no "for" at all), or the empty state names the query.
 */
export async function searchFor(page: Page, query: string) {
  await page.getByRole("searchbox", { name: "Search" }).fill(query);
  const status = page.getByRole("status");
  const answered = query
    ? status.filter({ hasText: `“${query}”` })
    : status
        .filter({ hasText: /^(More than )?[\d,]+ appointments?$/ })
        .or(status.filter({ hasText: "No appointments found." }));
  await expect(answered.first()).toBeVisible();
}

export const test = base.extend<{
  stack: StackInfo;
  /** A page already signed in as `username` and showing /appointments. */
  pageAs: (username: string, options?: { baseURL?: string }) => Promise<Page>;
}>({
  stack: async ({}, use) => {
    await use(readStackInfo());
  },
  pageAs: async ({ browser, baseURL }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (username, options = {}) => {
      const url = options.baseURL ?? baseURL!;
      const context = await browser.newContext({ baseURL: url });
      contexts.push(context);
      const response = await signInViaApi(context.request, username, url);
      expect(response.status(), `sign-in as ${username}`).toBeLessThan(400);
      const page = await context.newPage();
      await page.goto("/appointments");
      await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
