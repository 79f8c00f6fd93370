import type { JWT } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { isSessionCurrent, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";

const NOW = 1_800_000_000;

describe("isSessionCurrent", () => {
  it.each([
    [NOW, true],
    [NOW - SESSION_MAX_AGE_SECONDS + 1, true],
    [NOW - SESSION_MAX_AGE_SECONDS, false],
    [NOW - 30 * 24 * 3600, false],
    [NOW + 30, true], // clock skew between instances
    [NOW + 3600, false], // from the future: forged or broken
    [undefined, false], // sessions from before signedInAt existed end now
    ["1800000000", false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])("signed in at %j → %s", (signedInAt, expected) => {
    expect(isSessionCurrent(signedInAt, NOW)).toBe(expected);
  });
});

describe("authOptions", () => {
  afterEach(() => vi.useRealTimers());

  it("gives the session JWT itself the 8-hour lifetime, not NextAuth's 30-day default", () => {
    expect(authOptions.session?.maxAge).toBe(SESSION_MAX_AGE_SECONDS);
    expect(authOptions.jwt?.maxAge).toBe(SESSION_MAX_AGE_SECONDS);
  });

  it("refuses a session JWT 8 hours after its sign-in before asking the database anything", async () => {
    const jwt = authOptions.callbacks!.jwt!;
    vi.useFakeTimers({ now: (NOW + SESSION_MAX_AGE_SECONDS) * 1000 });
    // No DATABASE_URL in unit tests: reaching Postgres would throw a different error.
    const token: JWT = { username: "john", signedInAt: NOW, sid: "6f1c1d3e-8f7a-4c1b-9d2e-3a4b5c6d7e8f" };
    await expect(async () => jwt({ token, user: undefined as never, account: null })).rejects.toThrow(
      /older than 8 hours/,
    );
  });

  it("reads the secret from validated settings only (fail closed)", () => {
    try {
      vi.stubEnv("NEXTAUTH_SECRET", "short");
      expect(() => authOptions.secret).toThrow(/NEXTAUTH_SECRET is invalid/);
      vi.stubEnv("NEXTAUTH_SECRET", " ".repeat(40));
      expect(() => authOptions.secret).toThrow(/NEXTAUTH_SECRET is invalid/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("sends every NextAuth redirect through the same-origin rule", async () => {
    const redirect = authOptions.callbacks!.redirect!;
    const baseUrl = "http://localhost:3000";
    expect(await redirect({ url: "/\t/evil.example", baseUrl })).toBe(`${baseUrl}/appointments`);
    expect(await redirect({ url: "https://evil.example/", baseUrl })).toBe(`${baseUrl}/appointments`);
    expect(await redirect({ url: `${baseUrl}/appointments?q=x`, baseUrl })).toBe(`${baseUrl}/appointments?q=x`);
  });
});
