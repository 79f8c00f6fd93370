import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { normalizeUsername } from "@/lib/auth/accounts";
import { DEMO_ACCOUNTS } from "@/lib/common/demo-accounts";
import { testDatabase } from "./support/database";

/**
 * The limits count in Postgres (table rate_limits), so every app instance shares them. Each test
 * starts from an empty table; `vi.resetModules` gives it limiters of its own, built from its
 * settings, as a freshly started instance would.
 */
const db = testDatabase("app");
afterAll(async () => {
  await db.query("delete from rate_limits");
});
beforeEach(async () => {
  vi.resetModules();
  vi.unstubAllEnvs();
  await db.query("delete from rate_limits");
});

const headers = (forwardedFor?: string) =>
  new Headers(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor });

/** One app instance's sign-in limiter: a module graph of its own, sharing only Postgres. */
async function instance() {
  vi.resetModules();
  const { beginSignInAttempt, limitTokenRequests } = await import("@/lib/auth/rate-limit");
  const attempt = async (username: string, { succeed, forwardedFor }: { succeed: boolean; forwardedFor?: string }) => {
    const started = await beginSignInAttempt(
      new Request("http://app.test/", { headers: headers(forwardedFor) }),
      username,
    );
    try {
      if (succeed) await started.succeeded();
    } finally {
      started.finished();
    }
  };
  return { attempt, beginSignInAttempt, limitTokenRequests };
}

/** The failures counted against a username now (0 when it has no counter), with the default limit of 10. */
async function failuresOf(username: string): Promise<number> {
  const { rows } = await db.query<{ points: number }>("select points from rate_limits where key = $1 and expire > $2", [
    `loginFailuresPerUser:10:user:${username}`,
    Date.now(),
  ]);
  return rows[0]?.points ?? 0;
}

describe("sign-in limits", () => {
  it("never trips on a presenter signing in to each demo account eleven times in a minute", async () => {
    const { attempt } = await instance();
    // Eleven successes per username: past the ten failures that would lock it.
    for (let round = 0; round < 11; round++) {
      for (const account of DEMO_ACCOUNTS) await attempt(account.username, { succeed: true });
    }
  });

  it("locks a username after ten failures, even for the right password, and leaves others alone", async () => {
    const { attempt } = await instance();
    for (let i = 0; i < 10; i++) await attempt("john", { succeed: false });
    await expect(attempt("john", { succeed: true })).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    await expect(attempt("zia", { succeed: true })).resolves.toBeUndefined();
  });

  it("counts every spelling of one username together (callers pass the normalised name)", async () => {
    const { attempt } = await instance();
    for (const spelling of ["John", " JOHN", "\uff4a\uff4f\uff48\uff4e", "john ", "jOhN"]) {
      await attempt(normalizeUsername(spelling)!, { succeed: false });
      await attempt(normalizeUsername(spelling)!, { succeed: false });
    }
    await expect(attempt("john", { succeed: false })).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("without a trusted proxy no budget is shared: 70 junk attempts leave john's sign-in alone", async () => {
    const { attempt } = await instance();
    for (let i = 0; i < 70; i++) {
      await attempt(`junk-${i}-${Math.random().toString(36).slice(2)}`, { succeed: false });
    }
    await expect(attempt("john", { succeed: true })).resolves.toBeUndefined();
    const { rows } = await db.query("select key from rate_limits where key not like 'loginFailuresPerUser:%'");
    expect(rows).toEqual([]);
  });

  it("without a trusted proxy a forged X-Forwarded-For buys nothing and spends nobody's budget", async () => {
    const { attempt } = await instance();
    // The attacker writes the victim's address: nothing is counted against it.
    for (let i = 0; i < 70; i++) await attempt(`spray-${i}`, { succeed: false, forwardedFor: "203.0.113.9" });
    await expect(attempt("zia", { succeed: true, forwardedFor: "203.0.113.9" })).resolves.toBeUndefined();
    // Fresh addresses per guess do not buy guesses at one username either.
    for (let i = 0; i < 10; i++) await attempt("trent", { succeed: false, forwardedFor: `198.51.100.${i}` });
    await expect(attempt("trent", { succeed: false, forwardedFor: "198.51.100.250" })).rejects.toMatchObject({
      code: "rate_limited",
      limits: ["loginFailuresPerUser"],
      headers: { "Retry-After": expect.stringMatching(/^[1-9]\d*$/) },
    });
  });

  it("a refused attempt adds no failure: the counter holds the failures actually checked", async () => {
    const { attempt } = await instance();
    for (let i = 0; i < 10; i++) await attempt("walter", { succeed: false });
    for (let i = 0; i < 5; i++) {
      await expect(attempt("walter", { succeed: false })).rejects.toMatchObject({ code: "rate_limited" });
    }
    expect(await failuresOf("walter")).toBe(10);
  });

  it("a parallel burst at one username passes exactly the limit, and the refused ones leave no failure", async () => {
    const { attempt } = await instance();
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => attempt("mallet", { succeed: false })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(15);
    expect(await failuresOf("mallet")).toBe(10);
  });

  it("behind a trusted proxy, an attempt the client limit refuses counts no failure for the username", async () => {
    vi.stubEnv("RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE", "3");
    vi.stubEnv("TRUST_PROXY", "1");
    const { attempt } = await instance();
    for (let i = 0; i < 3; i++) await attempt(`c-${i}`, { succeed: false, forwardedFor: "203.0.113.1" });
    await expect(attempt("kevin", { succeed: false, forwardedFor: "203.0.113.1" })).rejects.toMatchObject({
      code: "rate_limited",
      limits: ["loginAttemptsPerClient"],
    });
    expect(await failuresOf("kevin")).toBe(0);
  });

  it("checks four sign-ins at a time, and answers the excess 429 at once while 128 are in progress", async () => {
    const { beginSignInAttempt } = await instance();
    const request = new Request("http://app.test/");
    const begun = Array.from({ length: 128 }, (_, i) => beginSignInAttempt(request, `busy-${i}`));
    await expect(beginSignInAttempt(request, "busy-extra")).rejects.toMatchObject({
      code: "rate_limited",
      limits: ["signInsInProgress"],
      headers: { "Retry-After": "1" },
    });
    expect(await failuresOf("busy-extra")).toBe(0);

    const first = await Promise.all(begun.slice(0, 4));
    let fifthBegan = false;
    void begun[4]!.then(() => (fifthBegan = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fifthBegan).toBe(false); // waiting its turn, holding no connection
    first[0]!.finished();
    first[0]!.finished(); // twice: still one turn
    (await begun[4]!).finished();
    for (const started of first.slice(1)) started.finished();
    for (const next of begun.slice(5)) (await next).finished();

    const again = await beginSignInAttempt(request, "busy-extra");
    again.finished();
  });

  it("keeps clients apart behind a trusted proxy", async () => {
    vi.stubEnv("RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE", "3");
    vi.stubEnv("TRUST_PROXY", "1");
    const { attempt } = await instance();
    for (let i = 0; i < 3; i++) await attempt(`a-${i}`, { succeed: false, forwardedFor: "203.0.113.1" });
    await expect(attempt("a-4", { succeed: false, forwardedFor: "203.0.113.1" })).rejects.toMatchObject({
      code: "rate_limited",
    });
    await expect(attempt("b-1", { succeed: false, forwardedFor: "203.0.113.2" })).resolves.toBeUndefined();
  });
});

describe("several app instances share the limits", () => {
  it("two instances together allow ten failures for one username, not twenty", async () => {
    const one = await instance();
    const two = await instance();
    for (let i = 0; i < 5; i++) {
      await one.attempt("zia", { succeed: false });
      await two.attempt("zia", { succeed: false });
    }
    await expect(one.attempt("zia", { succeed: false })).rejects.toMatchObject({ code: "rate_limited" });
    await expect(two.attempt("zia", { succeed: false })).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("a success on one instance refunds the point the other counted", async () => {
    const one = await instance();
    const two = await instance();
    for (let i = 0; i < 9; i++) await one.attempt("kevin", { succeed: false });
    await two.attempt("kevin", { succeed: true });
    await one.attempt("kevin", { succeed: false }); // the 10th failure
    await expect(two.attempt("kevin", { succeed: false })).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("two instances racing allow exactly the configured client total behind a trusted proxy", async () => {
    vi.stubEnv("RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE", "30");
    vi.stubEnv("TRUST_PROXY", "1");
    const [one, two] = [await instance(), await instance()];
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? one : two).attempt(`spray-${i}`, { succeed: false, forwardedFor: "203.0.113.5" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(30);
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason.code),
    ).toEqual(Array(10).fill("rate_limited"));
  });

  it("two instances together allow the token limit per user once", async () => {
    vi.stubEnv("RATE_LIMIT_TOKEN_PER_MINUTE", "30");
    const [one, two] = [await instance(), await instance()];
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).limitTokenRequests("dr-patel")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(30);
  });
});
