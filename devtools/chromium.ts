import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * How every browser here is launched (tests, benchmarks, screenshots): Debian's Chromium where it
 * is installed, since Playwright cannot download browsers everywhere, else Playwright's own.
 * Root in a container needs --no-sandbox; the rest keeps Chromium off the (closed) network.
 */
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined),
  args: [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
