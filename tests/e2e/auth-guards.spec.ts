import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { encode, decode, type JWT } from "next-auth/jwt";
import pg from "pg";
import { SESSION_COOKIE } from "../../lib/common/session-cookie";
import { DEMO_PASSWORD } from "../../devtools/sign-in";
import { expect, signInViaApi, signInViaForm, test } from "./fixtures";
import { withAppServer } from "./support/app-server";

const EIGHT_HOURS = 8 * 60 * 60;

async function sessionOf(request: { get: (url: string) => Promise<{ json: () => Promise<unknown> }> }) {
  return (await request.get("/api/auth/session")).json();
}

test.describe("every request that can reach the credential check is guarded", () => {
  test("a padded sign-in on another path shape is refused (413) and signs nobody in", async ({
    playwright,
    baseURL,
  }) => {
    for (const path of [
      "callback/credentials",
      "callback/credentials/x",
      "callback/credentials/x/y",
      "callback/%63redentials",
    ]) {
      const request = await playwright.request.newContext({ baseURL });
      const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await request.post(`/api/auth/${path}`, {
        form: { username: "john", password: DEMO_PASSWORD, csrfToken, json: "true", pad: "x".repeat(16 * 1024) },
        maxRedirects: 0,
      });
      expect(response.status(), path).toBe(413);
      expect((await response.json()).code, path).toBe("payload_too_large");
      expect(await sessionOf(request), path).toEqual({});
      await request.dispose();
    }
  });

  test("a chunked body is measured on the bytes read, not on Content-Length", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const form = new URLSearchParams({ username: "john", password: DEMO_PASSWORD, csrfToken, json: "true" }).toString();
    const { status, setCookie, headers } = await new Promise<{ status: number; setCookie: string[]; headers: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${baseURL}/api/auth/callback/credentials/x`,
          { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie } },
          (res) => {
            res.resume();
            res.on("end", () =>
              resolve({
                status: res.statusCode!,
                setCookie: res.headers["set-cookie"] ?? [],
                headers: JSON.stringify(res.headers),
              }),
            );
          },
        );
        req.on("error", reject);
        req.write(`${form}&pad=`);
        for (let i = 0; i < 16; i++) req.write("x".repeat(1024));
        req.end();
      },
    );
    expect(status, headers).toBe(413);
    expect(setCookie.some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    await request.dispose();
  });

  test("forms that name a field twice, JSON bodies and other sites are refused", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const post = (body: string, headers: Record<string, string> = {}) =>
      request.post("/api/auth/callback/credentials", {
        data: body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
        maxRedirects: 0,
      });
    const base = `password=${DEMO_PASSWORD}&csrfToken=${csrfToken}&json=true`;

    const twice = await post(`username=mallory&username=john&${base}`);
    expect(twice.status()).toBe(400);
    expect((await twice.json()).code).toBe("bad_request");

    const json = await request.post("/api/auth/callback/credentials", {
      data: { username: "john", password: DEMO_PASSWORD, csrfToken, json: "true" },
      maxRedirects: 0,
    });
    expect(json.status()).toBe(400);

    const crossSite = await post(`username=john&${base}`, { Origin: "https://evil.example" });
    expect(crossSite.status()).toBe(403);
    expect((await crossSite.json()).code).toBe("forbidden");
    expect(await sessionOf(request)).toEqual({});

    // The control: the same request from our own origin signs in.
    const ok = await post(`username=john&${base}`, { Origin: baseURL! });
    expect(ok.status()).toBe(200);
    expect(await sessionOf(request)).toMatchObject({ user: { username: "john" } });
    await request.dispose();
  });
});

test.describe("after sign-in, only our own origin", () => {
  const hostile = [
    "/%09/evil.example",
    "/%0a/evil.example",
    "//evil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/.//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "%00",
    "/%E0%A4%A",
    "%",
  ];

  test("a signed-in visit to /login with a hostile callbackUrl stays here, never a 500", async ({
    pageAs,
    baseURL,
  }) => {
    const page = await pageAs("john");
    for (const value of hostile) {
      const response = await page.goto(`/login?callbackUrl=${value}`);
      expect(response?.status(), value).toBeLessThan(500);
      expect(new URL(page.url()).origin, value).toBe(new URL(baseURL!).origin);
      expect(new URL(page.url()).pathname, value).not.toMatch(/^\/\//);
    }
    // Twice-listed callbackUrl is ambiguous: the default wins.
    await page.goto("/login?callbackUrl=/appointments&callbackUrl=//evil.example");
    await expect(page).toHaveURL(/\/appointments$/);
  });

  test("signing in through the form with a hostile callbackUrl lands on /appointments", async ({ page, baseURL }) => {
    await page.goto("/login?callbackUrl=/%09/evil.example");
    await signInViaForm(page, "zia");
    await expect(page).toHaveURL(`${baseURL}/appointments`);
  });
});

test.describe("sessions end 8 hours after sign-in", () => {
  test("the session JWT's own exp is 8 hours, not 30 days", async ({ playwright, baseURL, stack }) => {
    const request = await playwright.request.newContext({ baseURL });
    await signInViaApi(request, "john", baseURL!);
    const cookie = (await request.storageState()).cookies.find((c) => c.name === SESSION_COOKIE)!;
    const claims = (await decode({ token: cookie.value, secret: stack.nextAuthSecret }))!;
    expect(Number(claims.exp) - Number(claims.iat)).toBe(EIGHT_HOURS);
    expect(Number(claims.signedInAt)).toBe(Number(claims.iat));
    await request.dispose();
  });

  test("a cookie refreshed until it looks fresh is refused once its sign-in is 8 hours old", async ({
    playwright,
    baseURL,
    stack,
  }) => {
    const now = Math.floor(Date.now() / 1000);
    // A real sign-in's session (its row in Postgres is live), re-encoded as NextAuth would re-issue
    // it, with only its sign-in time moved back.
    const signedIn = await playwright.request.newContext({ baseURL });
    await signInViaApi(signedIn, "john", baseURL!);
    const real = (await signedIn.storageState()).cookies.find((c) => c.name === SESSION_COOKIE)!;
    const { sid } = (await decode({ token: real.value, secret: stack.nextAuthSecret }))!;
    await signedIn.dispose();
    const token = await encode({
      secret: stack.nextAuthSecret,
      maxAge: EIGHT_HOURS,
      token: {
        name: "John",
        sub: "john",
        username: "john",
        tenant: { role: "patient", patientId: "p-john" },
        signedInAt: now - EIGHT_HOURS - 60,
        sid,
      },
    });
    const request = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Cookie: `${SESSION_COOKIE}=${token}` },
    });
    const refused = await request.post("/api/search-token", { data: {} });
    expect(refused.status()).toBe(401);
    const page = await request.get("/appointments", { maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers().location).toMatch(/\/login\?callbackUrl=%2Fappointments$/);
    await request.dispose();

    // The control: the same cookie signed in 7 hours ago still works.
    const fresh = await encode({
      secret: stack.nextAuthSecret,
      maxAge: EIGHT_HOURS,
      token: {
        name: "John",
        sub: "john",
        username: "john",
        tenant: { role: "patient", patientId: "p-john" },
        signedInAt: now - 7 * 3600,
        sid,
      },
    });
    const ok = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Cookie: `${SESSION_COOKIE}=${fresh}` },
    });
    expect((await ok.post("/api/search-token", { data: {} })).status()).toBe(200);
    await ok.dispose();

    // And a cookie forged with the secret itself, but naming no session in Postgres, is no session.
    const rowless = await encode({
      secret: stack.nextAuthSecret,
      maxAge: EIGHT_HOURS,
      token: {
        name: "John",
        sub: "john",
        username: "john",
        tenant: { role: "patient", patientId: "p-john" },
        signedInAt: now,
        sid: "6f1c1d3e-8f7a-4c1b-9d2e-3a4b5c6d7e8f",
      },
    });
    const forged = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Cookie: `${SESSION_COOKIE}=${rowless}` },
    });
    expect((await forged.post("/api/search-token", { data: {} })).status()).toBe(401);
    await forged.dispose();
  });
});

test.describe("a session's authority comes from its rows, never from the cookie", () => {
  /** The filter of a tenant token's searchRules (its payload, unverified: the server signed it). */
  function tokenFilter(token: string): unknown {
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as {
      searchRules: Record<string, { filter: string }>;
    };
    return Object.values(payload.searchRules)[0]!.filter;
  }

  test("a patient's live session re-encoded as a front desk, as another patient, or with an edited role gets 401 and no token", async ({
    playwright,
    baseURL,
    stack,
  }) => {
    const signedIn = await playwright.request.newContext({ baseURL });
    await signInViaApi(signedIn, "john", baseURL!);
    const real = (await signedIn.storageState()).cookies.find((c) => c.name === SESSION_COOKIE)!;
    const { sid, signedInAt } = (await decode({ token: real.value, secret: stack.nextAuthSecret }))!;
    const forgeries: [string, JWT][] = [
      [
        "the North front desk",
        {
          name: "Front desk, North clinic",
          sub: "front-desk-north",
          username: "front-desk-north",
          tenant: { role: "clinic", clinicId: "c-north" },
          sid,
          signedInAt,
        },
      ],
      [
        "another patient",
        { name: "Zia", sub: "zia", username: "zia", tenant: { role: "patient", patientId: "p-zia" }, sid, signedInAt },
      ],
      [
        "john with a front desk's role",
        {
          name: "John",
          sub: "john",
          username: "john",
          tenant: { role: "clinic", clinicId: "c-north" },
          sid,
          signedInAt,
        },
      ],
    ];
    for (const [name, claims] of forgeries) {
      const forged = await encode({ secret: stack.nextAuthSecret, maxAge: EIGHT_HOURS, token: claims });
      const request = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { Cookie: `${SESSION_COOKIE}=${forged}` },
      });
      const token = await request.post("/api/search-token", { data: {} });
      expect(token.status(), name).toBe(401);
      expect(await token.json(), name).toEqual({ code: "unauthorized", message: expect.any(String) });
      const page = await request.get("/appointments", { maxRedirects: 0 });
      expect(page.status(), name).toBe(307);
      expect(page.headers().location, name).toMatch(/\/login\?callbackUrl=%2Fappointments$/);
      await request.dispose();
    }

    // The session itself carries on, with john's own slice only.
    const own = await signedIn.post("/api/search-token", { data: {} });
    expect(own.status()).toBe(200);
    expect(tokenFilter((await own.json()).token)).toBe('patient_id = "p-john"');
    await signedIn.dispose();
  });
});

test.describe("a server with invalid security settings turns sign-in off", () => {
  test("a short NEXTAUTH_SECRET: health 503, no sign-in, and a session forged with it gets no token", async ({
    playwright,
    stack,
  }) => {
    const shortSecret = "guessable-secret-123"; // 20 characters: below the 32 the app requires
    await withAppServer(stack, { NEXTAUTH_SECRET: shortSecret }, async (server) => {
      const request = await playwright.request.newContext({ baseURL: server.url });
      const health = await request.get("/api/health");
      expect(health.status()).toBe(503);
      expect((await health.json()).code).toBe("misconfigured");

      const csrf = await request.get("/api/auth/csrf");
      expect(csrf.status()).toBe(503);
      const signIn = await request.post("/api/auth/callback/credentials", {
        form: { username: "front-desk-north", password: DEMO_PASSWORD, csrfToken: "x", json: "true" },
        maxRedirects: 0,
      });
      expect(signIn.status()).toBe(503);
      expect((await signIn.json()).code).toBe("misconfigured");

      // Whoever guesses a short secret can sign a session of their choosing: a front desk's, here.
      const forged = await encode({
        secret: shortSecret,
        token: {
          name: "x",
          sub: "front-desk-north",
          username: "front-desk-north",
          tenant: { role: "clinic", clinicId: "c-north" },
          signedInAt: Math.floor(Date.now() / 1000),
        },
      });
      const token = await request.post("/api/search-token", {
        data: {},
        headers: { Cookie: `${SESSION_COOKIE}=${forged}` },
      });
      expect(token.status()).toBe(503);
      expect((await token.json()).code).toBe("misconfigured");
      const page = await request.get("/appointments", {
        headers: { Cookie: `${SESSION_COOKIE}=${forged}` },
        maxRedirects: 0,
      });
      expect(page.status()).toBe(307);
      await request.dispose();

      const browser = await playwright.chromium.launch();
      const tab = await browser.newPage();
      await tab.goto(`${server.url}/login`);
      await expect(tab.getByRole("alert").filter({ hasText: "Sign-in is turned off" })).toBeVisible();
      await expect(tab.getByRole("button", { name: "Sign in" })).toHaveCount(0);
      await browser.close();
    });
  });

  test("an invalid TRUST_PROXY or rate limit turns sign-in off too", async ({ playwright, stack }) => {
    const settings: Record<string, string>[] = [{ TRUST_PROXY: "yes" }, { RATE_LIMIT_LOGIN_PER_MINUTE: "0" }];
    for (const env of settings) {
      await withAppServer(stack, env, async (server) => {
        const request = await playwright.request.newContext({ baseURL: server.url });
        expect((await request.get("/api/health")).status(), JSON.stringify(env)).toBe(503);
        const signIn = await request.post("/api/auth/callback/credentials", {
          form: { username: "john", password: DEMO_PASSWORD, csrfToken: "x", json: "true" },
          maxRedirects: 0,
        });
        expect(signIn.status(), JSON.stringify(env)).toBe(503);
        expect((await signIn.json()).code, JSON.stringify(env)).toBe("misconfigured");
        await request.dispose();
      });
    }
  });
});

test.describe("sign-in limits count what brute force needs", () => {
  test("a presenter cycles the five demo accounts three times, then signs in as john eleven times, without a 429", async ({
    playwright,
    stack,
  }) => {
    await withAppServer(stack, {}, async (server) => {
      for (let round = 0; round < 3; round++) {
        for (const username of ["john", "zia", "kevin", "dr-patel", "front-desk-north"]) {
          const request = await playwright.request.newContext({ baseURL: server.url });
          const response = await signInViaApi(request, username, server.url);
          expect(response.status(), `${username}, round ${round + 1}`).toBe(200);
          expect(await sessionOf(request)).toMatchObject({ user: { username } });
          await request.dispose();
        }
      }
      // One account over and over: successes never add up to the ten that lock a username.
      for (let i = 0; i < 11; i++) {
        const request = await playwright.request.newContext({ baseURL: server.url });
        expect((await signInViaApi(request, "john", server.url)).status(), `john, sign-in ${i + 1}`).toBe(200);
        await request.dispose();
      }
    });
  });

  test("ten wrong passwords lock the username (any spelling), and a forged X-Forwarded-For buys no more", async ({
    playwright,
    stack,
  }) => {
    await withAppServer(stack, {}, async (server) => {
      const request = await playwright.request.newContext({ baseURL: server.url });
      // A username no other test signs in with: the counters are shared through Postgres.
      const spellings = ["trudy", "TRUDY", " trudy", "Trudy ", "\uff54\uff52\uff55\uff44\uff59"];
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++)
        statuses.push((await signInViaApi(request, spellings[i % 5]!, server.url, `wrong-${i}`)).status());
      expect(statuses).toEqual(Array(10).fill(401)); // NextAuth's "wrong password" answer
      const locked = await signInViaApi(request, "trudy", server.url);
      expect(locked.status()).toBe(429);
      expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
      expect(await sessionOf(request)).toEqual({});

      const spoofed = await playwright.request.newContext({ baseURL: server.url });
      const spoofedStatuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await signInViaApi(spoofed, "trudy", server.url, `wrong-${i}`, {
          "X-Forwarded-For": `198.51.100.${i}`,
        });
        spoofedStatuses.push(response.status());
      }
      expect(spoofedStatuses).toEqual([429, 429, 429]);
      await request.dispose();
      await spoofed.dispose();
    });
  });

  test("junk attempts in a victim's name lock nobody out, and a burst of 80 gets only 200, 401 and 429, each refusal audited", async ({
    stack,
  }) => {
    test.setTimeout(180_000);
    const run = randomUUID().slice(0, 8);
    await withAppServer(stack, {}, async (server) => {
      const csrf = await fetch(`${server.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const csrfCookie = csrf.headers
        .getSetCookie()
        .map((cookie) => cookie.split(";")[0]!)
        .join("; ");
      const signIn = async (username: string, password: string, headers: Record<string, string> = {}) =>
        (
          await fetch(`${server.url}/api/auth/callback/credentials`, {
            method: "POST",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie, ...headers },
            body: new URLSearchParams({ username, password, csrfToken, json: "true" }),
          })
        ).status;
      const count = (statuses: number[]) =>
        Object.fromEntries(
          [...new Set(statuses)].sort().map((status) => [status, statuses.filter((s) => s === status).length]),
        );

      // 80 at once: 30 right passwords, 35 wrong ones for 35 usernames, 15 wrong ones for one.
      const accounts = ["john", "zia", "kevin", "dr-patel", "front-desk-north"];
      const burst = await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => signIn(accounts[i % 5]!, DEMO_PASSWORD)),
        ...Array.from({ length: 35 }, (_, i) => signIn(`burst-${run}-${i}`, "guess")),
        ...Array.from({ length: 15 }, () => signIn(`burst-${run}-target`, "guess")),
      ]);
      expect(count(burst)).toEqual({ 200: 30, 401: 45, 429: 5 });

      // 65 attempts for random usernames, all claiming to come from the victim's address: with no
      // trusted proxy there is no shared budget for them to spend (there used to be one of 60).
      const victim = { "X-Forwarded-For": "203.0.113.77" };
      const junk: number[] = [];
      for (let batch = 0; batch < 5; batch++) {
        junk.push(
          ...(await Promise.all(
            Array.from({ length: 13 }, (_, i) => signIn(`junk-${run}-${batch}-${i}`, "guess", victim)),
          )),
        );
      }
      expect(count(junk)).toEqual({ 401: 65 });
      expect(await signIn("john", DEMO_PASSWORD, victim)).toBe(200);
    });

    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ reason: string; count: string }>(
        `select details->>'reason' as reason, count(*) from audit_events
         where event = 'sign_in_failed' and (username like $1 or username like $2)
         group by 1 order by 1`,
        [`junk-${run}-%`, `burst-${run}-%`],
      );
      expect(rows).toEqual([
        { reason: "invalid", count: String(65 + 45) },
        { reason: "rate_limited", count: "5" },
      ]);
    } finally {
      await db.end();
    }
  });
});
