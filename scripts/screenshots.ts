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
import { DEMO_PASSWORD } from "../lib/shared/demo-accounts";
import { CHROMIUM_LAUNCH_OPTIONS } from "./lib/chromium";
import { ROOT } from "./lib/local-env";
import { exitCode, waitForUrl } from "./lib/stack";

const OUT_DIR = path.join(ROOT, "docs", "screenshots");
const VIEWPORT = { width: 1200, height: 860 };
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

async function signedInPage(browser: Browser, baseURL: string, username: string, pathAndQuery: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORT, locale: "en-GB", timezoneId: "Europe/London" });
  const page = await context.newPage();
  await page.goto(`/login?callbackUrl=${encodeURIComponent(pathAndQuery)}`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/appointments");
  await page.getByRole("list", { name: "Search results" }).waitFor();
  return page;
}

async function shoot(page: Page, name: string, height = VIEWPORT.height) {
  const file = path.join(OUT_DIR, `${name}.png`);
  // Away from the search box, so no focus ring or caret ends up in the picture.
  await page.mouse.click(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await page.screenshot({ path: file, animations: "disabled", clip: { x: 0, y: 0, width: VIEWPORT.width, height } });
  log(`Wrote ${path.relative(ROOT, file)}`);
  await page.context().close();
}

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const url = argument("--url");
  const stack = url ? { baseURL: url, stop: async () => {} } : await startStack(Number(process.env.SCREENSHOTS_PORT ?? 3407));
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const login = await (await browser.newContext({ baseURL: stack.baseURL, viewport: VIEWPORT })).newPage();
    await login.goto("/login");
    await login.getByRole("heading", { name: "Sign in to your appointments" }).waitFor();
    await shoot(login, "login", 540);

    await shoot(await signedInPage(browser, stack.baseURL, "john", "/appointments?sort=newest"), "patient-search");

    const doctor = await signedInPage(browser, stack.baseURL, "dr-patel", "/appointments?q=fever");
    await shoot(doctor, "doctor-search");

    const panel = await signedInPage(browser, stack.baseURL, "zia", "/appointments");
    await panel.getByRole("button", { name: "Why do I only see my appointments?" }).click();
    await panel.getByRole("timer", { name: "Time left" }).waitFor();
    await shoot(panel, "token-panel");
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[screenshots] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
