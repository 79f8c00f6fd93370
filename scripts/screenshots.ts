/**
 * `npm run screenshots`: the README's images, into docs/screenshots/*.png.
 *
 * By default it starts the throwaway e2e stack (its own Meilisearch with 3,000 seeded appointments
 * and a production build) on SCREENSHOTS_PORT (default 3407) and stops it afterwards. Don't run it
 * while the e2e tests run in the same checkout: both use .data/e2e-stack.json.
 * With `--url http://localhost:3000` it uses an app that is already running (`npm run demo`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../lib/common/demo-accounts";
import { CHROMIUM_LAUNCH_OPTIONS } from "../devtools/chromium";
import { ROOT } from "../devtools/local-env";
import { exitCode } from "../devtools/processes";
import { waitForUrl } from "../devtools/next-app";

const OUT_DIR = path.join(ROOT, "docs", "screenshots");
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 375, height: 812 };
type Viewport = typeof DESKTOP;
const log = (line: string) => console.log(`[screenshots] ${line}`);
function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function startStack(port: number): Promise<{ baseURL: string; stop: () => Promise<void> }> {
  log(`Starting the e2e stack on ${port} and ${port + 1} (builds the app if sources changed)…`);
  const child: ChildProcess = spawn(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/stack.ts"],
    { cwd: ROOT, env: { ...process.env, E2E_PORT: String(port) }, stdio: ["ignore", "inherit", "inherit"] },
  );
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exitCode(child);
  };
  // The stack's second server starts last, so its health means everything is up.
  if (!(await waitForUrl(`http://localhost:${port + 1}/api/health`, 300_000, child))) {
    await stop();
    throw new Error("The e2e stack did not become ready; see its output above.");
  }
  return { baseURL: `http://localhost:${port}`, stop };
}

async function newPage(browser: Browser, baseURL: string, viewport: Viewport): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: "en-GB",
    timezoneId: "Europe/London",
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
  });
  return context.newPage();
}

async function signedInPage(
  browser: Browser,
  baseURL: string,
  username: string,
  pathAndQuery: string,
  viewport: Viewport = DESKTOP,
): Promise<Page> {
  const page = await newPage(browser, baseURL, viewport);
  await page.goto(`/login?callbackUrl=${encodeURIComponent(pathAndQuery)}`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/appointments");
  await page.getByRole("list", { name: "Search results" }).or(page.locator(".empty-state")).first().waitFor();
  await page.waitForLoadState("networkidle");
  await page.locator("#search").blur();
  return page;
}

async function shoot(page: Page, name: string, height?: number) {
  const file = path.join(OUT_DIR, `${name}.png`);
  const viewport = page.viewportSize()!;
  await page.screenshot({
    path: file,
    animations: "disabled",
    clip: { x: 0, y: 0, width: viewport.width, height: height ?? viewport.height },
  });
  log(`Wrote ${path.relative(ROOT, file)}`);
  await page.context().close();
}

/**
 * Every role on a desktop and a phone, an empty search, the filter sheet, the token panel, the
 * booking form, a card's reschedule form, the detail page, its "not found", and the 404.
 */
async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const url = argument("--url");
  const stack = url
    ? { baseURL: url, stop: async () => {} }
    : await startStack(Number(process.env.SCREENSHOTS_PORT ?? 3407));
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const { baseURL } = stack;
  try {
    const login = await newPage(browser, baseURL, DESKTOP);
    await login.goto("/login");
    await login.getByRole("heading", { name: "Sign in to your appointments" }).waitFor();
    await shoot(login, "login", 560);

    const roles = [
      ["patient", "john", "/appointments"],
      ["doctor", "dr-patel", "/appointments?q=fever"],
      ["clinic", "front-desk-north", "/appointments?doctor=Dr.+L%C3%A9a+Moreau"],
    ] as const;
    for (const [role, username, target] of roles) {
      await shoot(await signedInPage(browser, baseURL, username, target), `${role}-search`);
      await shoot(await signedInPage(browser, baseURL, username, target, PHONE), `${role}-search-phone`);
    }

    await shoot(
      await signedInPage(browser, baseURL, "zia", "/appointments?q=knee+surgery&status=confirmed"),
      "no-results",
      560,
    );
    await shoot(await signedInPage(browser, baseURL, "kevin", "/appointments?q=knee", PHONE), "no-results-phone");

    const sheet = await signedInPage(browser, baseURL, "front-desk-north", "/appointments?status=confirmed", PHONE);
    await sheet.getByRole("button", { name: /^Filters/ }).click();
    await sheet.getByRole("dialog", { name: "Filters" }).waitFor();
    await shoot(sheet, "filters-phone");

    const panel = await signedInPage(browser, baseURL, "zia", "/appointments");
    await panel.getByRole("button", { name: "Why do I only see my appointments?" }).click();
    await panel.getByRole("timer", { name: "Time left" }).waitFor();
    await shoot(panel, "token-panel");

    // The write UI, shown without writing anything: forms are opened and filled, never sent.
    for (const viewport of [DESKTOP, PHONE]) {
      const suffix = viewport === PHONE ? "-phone" : "";
      const booking = await signedInPage(browser, baseURL, "john", "/appointments", viewport);
      await booking.getByRole("button", { name: "Book an appointment" }).click();
      const form = booking.getByRole("region", { name: "Book an appointment" });
      await form.getByLabel("Doctor").selectOption("d-patel");
      await form.getByLabel("Time").selectOption({ index: 4 });
      await form.getByLabel("Reason for the visit").fill("Dry cough for two weeks, worse at night.");
      await shoot(booking, `booking-form${suffix}`);

      const desk = await signedInPage(browser, baseURL, "front-desk-north", "/appointments?sort=upcoming", viewport);
      const results = desk.getByRole("list", { name: "Search results" });
      // By name: once its form is open, the card no longer "has a Reschedule button".
      const name = await results
        .getByRole("article")
        .filter({ has: desk.getByRole("button", { name: "Reschedule" }) })
        .first()
        .getAttribute("aria-label");
      const card = results.getByRole("article", { name: name!, exact: true });
      await card.getByRole("button", { name: "Reschedule" }).click();
      await card.getByRole("form", { name: "Choose a new time" }).waitFor();
      await shoot(desk, `clinic-reschedule${suffix}`);

      const detail = await signedInPage(browser, baseURL, "dr-patel", "/appointments", viewport);
      await detail.goto("/appointments/1");
      await detail.getByRole("region", { name: "Reason for the visit" }).waitFor();
      await shoot(detail, `appointment-detail${suffix}`, viewport === PHONE ? undefined : 560);
    }

    const elsewhere = await signedInPage(browser, baseURL, "zia", "/appointments");
    await elsewhere.goto("/appointments/1");
    await elsewhere.getByRole("heading", { name: "Appointment not found" }).waitFor();
    await shoot(elsewhere, "appointment-not-found", 560);

    const missing = await newPage(browser, baseURL, DESKTOP);
    await missing.goto("/no-such-page");
    await missing.getByRole("heading", { name: "Page not found" }).waitFor();
    await shoot(missing, "not-found", 560);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[screenshots] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
