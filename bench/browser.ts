/**
 * 4. In the browser (Debian's Chromium, production build), signed in as a doctor:
 *  - keystroke -> painted hits, over typed queries, at a person's typing pace;
 *  - search requests per typed query;
 *  - compressed JavaScript for /appointments, next to /login (the framework's own floor);
 *  - whether algoliasearch (a peer of react-instantsearch that this app never calls) is shipped.
 * The page is only touched through roles (searchbox "Search", list "Search results"), so it
 * survives UI changes.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "../devtools/chromium";
import { signInViaApi } from "../devtools/sign-in";
import { percentile, spread, type Spread } from "./lib/stats";

/** 50 distinct queries a doctor might type: symptoms, notes, places and patient names. */
const TYPED_QUERIES = [
  "cough",
  "fatigue",
  "sore throat",
  "fever",
  "blood pressure",
  "travel",
  "vaccinations",
  "flu",
  "body aches",
  "persistent",
  "energy",
  "mild",
  "check-up",
  "consultation",
  "referred",
  "second visit",
  "telehealth",
  "follow-up",
  "test results",
  "ibuprofen",
  "amoxicillin",
  "fasting",
  "physiotherapy",
  "side effects",
  "referral",
  "prescription",
  "blood test",
  "room 101",
  "room 104",
  "imaging",
  "north clinic",
  "anika",
  "patel",
  "amara",
  "hugo",
  "priya",
  "nguyen",
  "garcia",
  "muller",
  "rossi",
  "cold",
  "caught",
  "asap",
  "throat swab",
  "allergies",
  "antihistamine",
  "seasonal",
  "weeks",
  "low",
  "aches",
];

/** A brisk typist: ~100 words per minute. Slower typing only gives each search more time. */
const KEY_DELAY_MS = 120;
/** algoliasearch's own hosts; nothing else in the bundle names them. */
const ALGOLIASEARCH_MARKERS = ["algolianet.com", "dsn.algolia.net"];

export interface BrowserResult {
  chromium: string;
  documents: number;
  queries: number;
  keyDelayMs: number;
  keystrokeToPaint: { p50: Spread; p95: Spread };
  /** The final query's search request alone (network + Meilisearch), for comparison. */
  finalRequest: { p50: Spread; p95: Spread };
  requestsPerQuery: Spread;
  charactersPerQuery: number;
  /** Queries whose paint could not be tied to a DOM change (identical results); measured to the next frame. */
  unchangedQueries: number;
  js: {
    appointmentsBytes: number;
    loginBytes: number;
    appointmentsScripts: number;
    appointmentsDecodedBytes: number;
  };
  algoliasearchShipped: boolean;
}

/**
 * Records, in the page, when each search response arrived and when the frame after
 * each DOM change was painted (rAF, then a task: the usual "next paint" approximation).
 */
const INSTRUMENT = () => {
  type Search = { start: number; end?: number; q: string[] };
  const w = window as unknown as {
    __bench: { searches: Search[]; paints: { mutation: number; paint: number }[]; lastKey: number };
  };
  w.__bench = { searches: [], paints: [], lastKey: 0 };
  document.addEventListener("keydown", (event) => (w.__bench.lastKey = event.timeStamp), true);
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!/\/(multi-search|indexes\/[^/]+\/search)$/.test(new URL(url, location.href).pathname))
      return originalFetch(input, init);
    let q: string[] = [];
    try {
      const body = JSON.parse(String(init?.body ?? "{}")) as { q?: string; queries?: { q?: string }[] };
      q = body.queries ? body.queries.map((query) => query.q ?? "") : [body.q ?? ""];
    } catch {
      // Unknown body shape: counted, but not matched to a query.
    }
    const search: Search = { start: performance.now(), q };
    w.__bench.searches.push(search);
    // Stamped when the response arrives, before the app can see it: a render cannot precede it.
    const response = await originalFetch(input, init);
    search.end = performance.now();
    return response;
  };
  new MutationObserver(() => {
    const mutation = performance.now();
    requestAnimationFrame(() => setTimeout(() => w.__bench.paints.push({ mutation, paint: performance.now() })));
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

interface TypedSample {
  keystrokeToPaint: number;
  request: number | undefined;
  requests: number;
  unchanged: boolean;
}

async function typeQuery(page: Page, query: string): Promise<TypedSample> {
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");
  await page.waitForTimeout(200);
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { searches: unknown[]; paints: unknown[] } };
    w.__bench.searches = [];
    w.__bench.paints = [];
  });
  await page.keyboard.type(query, { delay: KEY_DELAY_MS });
  // Settled: every search answered, and nothing painted for a while.
  await page.waitForFunction(
    () => {
      const b = (
        window as unknown as { __bench: { searches: { end?: number }[]; paints: { paint: number }[]; lastKey: number } }
      ).__bench;
      const last = Math.max(b.lastKey, ...b.searches.map((s) => s.end ?? Infinity), ...b.paints.map((p) => p.paint));
      return Number.isFinite(last) && performance.now() - last > 250;
    },
    undefined,
    { polling: 50, timeout: 15_000 },
  );
  return page.evaluate((final) => {
    const b = (
      window as unknown as {
        __bench: {
          searches: { start: number; end?: number; q: string[] }[];
          paints: { mutation: number; paint: number }[];
          lastKey: number;
        };
      }
    ).__bench;
    const keystroke = b.lastKey;
    const finalSearch = b.searches.find((s) => s.start >= keystroke - 1 && s.q.includes(final));
    // Served from instant-meilisearch's cache when no request went out after the last key.
    const answered = finalSearch?.end ?? keystroke;
    const paint = b.paints.find((p) => p.mutation >= answered);
    const unchanged = !paint;
    const painted = paint?.paint ?? b.paints.find((p) => p.paint >= answered)?.paint ?? answered;
    return {
      keystrokeToPaint: painted - keystroke,
      request: finalSearch?.end !== undefined ? finalSearch.end - finalSearch.start : undefined,
      requests: b.searches.length,
      unchanged,
    };
  }, query);
}

async function signedInContext(browser: Browser, baseURL: string, username: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const response = await signInViaApi(context.request, username, baseURL);
  if (response.status() >= 400) throw new Error(`browser sign-in as ${username}: HTTP ${response.status()}`);
  return context;
}

/** Script bytes as transferred (compressed) on a cold load of `path`, plus the script bodies. */
async function scriptTransfer(context: BrowserContext, path: string) {
  const page = await context.newPage();
  const scripts: Promise<{ encoded: number; body: string }>[] = [];
  page.on("requestfinished", (request) => {
    if (request.resourceType() !== "script") return;
    scripts.push(
      (async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        return { encoded: sizes.responseBodySize, body: (await response?.text()) ?? "" };
      })(),
    );
  });
  await page.goto(path, { waitUntil: "networkidle" });
  const results = await Promise.all(scripts);
  await page.close();
  return {
    bytes: results.reduce((sum, s) => sum + s.encoded, 0),
    decoded: results.reduce((sum, s) => sum + Buffer.byteLength(s.body), 0),
    count: results.length,
    bodies: results.map((s) => s.body),
  };
}

export async function benchBrowser({
  baseURL,
  documents,
  rounds,
  queries,
  log,
}: {
  baseURL: string;
  documents: number;
  rounds: number;
  queries: number;
  log: (line: string) => void;
}): Promise<BrowserResult> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    // Bytes: fresh contexts, so nothing comes from the HTTP cache.
    const anonymous = await browser.newContext({ baseURL });
    const login = await scriptTransfer(anonymous, "/login");
    await anonymous.close();
    const bytesContext = await signedInContext(browser, baseURL, "dr-patel");
    const appointments = await scriptTransfer(bytesContext, "/appointments");
    await bytesContext.close();
    const algoliasearchShipped = appointments.bodies.some((body) =>
      ALGOLIASEARCH_MARKERS.some((marker) => body.includes(marker)),
    );

    const list = TYPED_QUERIES.slice(0, queries);
    const perRound: { p50: number; p95: number; req50: number; req95: number; perQuery: number; unchanged: number }[] =
      [];
    for (let round = 0; round < rounds; round++) {
      // A fresh page each round: instant-meilisearch caches by query.
      const context = await signedInContext(browser, baseURL, "dr-patel");
      await context.addInitScript(INSTRUMENT);
      const page = await context.newPage();
      await page.goto("/appointments");
      await page.getByRole("list", { name: "Search results" }).getByRole("article").first().waitFor();
      const samples: TypedSample[] = [];
      for (const query of list) samples.push(await typeQuery(page, query));
      await context.close();
      const latencies = samples.map((s) => s.keystrokeToPaint);
      const requests = samples.flatMap((s) => (s.request === undefined ? [] : [s.request]));
      perRound.push({
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        req50: percentile(requests, 50),
        req95: percentile(requests, 95),
        perQuery: samples.reduce((sum, s) => sum + s.requests, 0) / samples.length,
        unchanged: samples.filter((s) => s.unchanged).length,
      });
      const last = perRound.at(-1)!;
      log(
        `browser round ${round + 1}/${rounds}: keystroke->paint p50 ${last.p50.toFixed(1)} ms, p95 ${last.p95.toFixed(1)} ms, ${last.perQuery.toFixed(1)} requests/query`,
      );
    }
    return {
      chromium: `Chromium ${browser.version()}`,
      documents,
      queries: list.length,
      keyDelayMs: KEY_DELAY_MS,
      keystrokeToPaint: { p50: spread(perRound.map((r) => r.p50)), p95: spread(perRound.map((r) => r.p95)) },
      finalRequest: { p50: spread(perRound.map((r) => r.req50)), p95: spread(perRound.map((r) => r.req95)) },
      requestsPerQuery: spread(perRound.map((r) => r.perQuery)),
      charactersPerQuery: list.reduce((sum, q) => sum + q.length, 0) / list.length,
      unchangedQueries: Math.max(...perRound.map((r) => r.unchanged)),
      js: {
        appointmentsBytes: appointments.bytes,
        loginBytes: login.bytes,
        appointmentsScripts: appointments.count,
        appointmentsDecodedBytes: appointments.decoded,
      },
      algoliasearchShipped,
    };
  } finally {
    await browser.close();
  }
}
