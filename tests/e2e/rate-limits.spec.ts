import { randomUUID } from "node:crypto";
import { expect, signInViaApi, test } from "./fixtures";
import { withAppServer } from "./support/app-server";

/**
 * The rate limits at their edge, each test with a budget of its own, so that none depends on what
 * other tests spent or spends what they need. The counters live in Postgres, keyed by the bucket,
 * its limit and the user (lib/auth/rate-limit.ts): a username no one else uses is a fresh budget,
 * and so is a server with a limit no other server has.
 */

/** A username nobody else signs in with (it has no account: every attempt fails). */
const stranger = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

test("sign-in attempts beyond the limit get 429 with Retry-After", async ({ playwright, stack }) => {
  // The strict server has the default: 10 failures a minute per username.
  const request = await playwright.request.newContext({ baseURL: stack.strictURL });
  const username = stranger("mallory");
  const responses = [];
  for (let attempt = 0; attempt < 11; attempt++)
    responses.push(await signInViaApi(request, username, stack.strictURL, "guess"));
  expect(responses.map((response) => response.status())).toEqual([...Array<number>(10).fill(401), 429]);
  const limited = responses.at(-1)!;
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).code).toBe("rate_limited");
  await request.dispose();
});

test("the sign-in form explains a 429", async ({ page, stack }) => {
  await page.goto(`${stack.strictURL}/login`);
  const username = stranger("eve");
  const answer = page.getByRole("alert").filter({ hasText: /Wrong username or password|Too many/ });
  const answers: string[] = [];
  // A person retrying: 10 attempts a minute per username are answered normally, the 11th is not.
  for (let attempt = 0; attempt < 11; attempt++) {
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(`guess-${attempt}`);
    const response = page.waitForResponse((candidate) => candidate.url().includes("/api/auth/callback/credentials"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await response;
    await expect(answer).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    answers.push(/Too many sign-in attempts/.test(await answer.innerText()) ? "too many" : "wrong");
  }
  expect(answers).toEqual([...Array<string>(10).fill("wrong"), "too many"]);
});

test("token requests beyond the limit get 429 with Retry-After", async ({ playwright, stack }) => {
  const request = await playwright.request.newContext({ baseURL: stack.baseURL });
  // Signed in on the main server (its limits are raised); its cookie is valid on every server of
  // the stack, which share NEXTAUTH_SECRET.
  await signInViaApi(request, "john", stack.baseURL);
  const cookie = (await request.storageState()).cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
  // 12 a minute, a limit no other server has: this test's own budget.
  await withAppServer(stack, { RATE_LIMIT_TOKEN_PER_MINUTE: "12" }, async (server) => {
    const responses = [];
    for (let attempt = 0; attempt < 13; attempt++)
      responses.push(await request.post(`${server.url}/api/search-token`, { headers: { cookie } }));
    expect(responses.map((response) => response.status())).toEqual([...Array<number>(12).fill(200), 429]);
    const limited = responses.at(-1)!;
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await limited.json()).code).toBe("rate_limited");
  });
  await request.dispose();
});
