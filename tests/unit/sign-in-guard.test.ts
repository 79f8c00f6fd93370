import { describe, expect, it, vi } from "vitest";
import { normalizeUsername } from "@/lib/auth/accounts";
import { DEMO_ACCOUNTS } from "@/lib/common/demo-accounts";
import { AppError } from "@/lib/http/errors";
import { clientKey } from "@/lib/auth/rate-limit";
import {
  parseAuthForm,
  reachesCredentialsCallback,
  credentialsRefusal,
  setsSessionCookie,
} from "@/lib/auth/sign-in-guard";

const headers = (forwardedFor?: string) =>
  new Headers(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor });

describe("clientKey", () => {
  it.each([
    // With no trusted proxy every forwarded header is ignored: a forged one buys nothing.
    [undefined, 0, "client:direct"],
    ["203.0.113.7", 0, "client:direct"],
    ["1.1.1.1, 2.2.2.2", 0, "client:direct"],
    ["garbage", 0, "client:direct"],
    // One proxy: the last entry, which that proxy appended.
    ["203.0.113.7", 1, "client:203.0.113.7"],
    ["6.6.6.6, 203.0.113.7", 1, "client:203.0.113.7"],
    [" 6.6.6.6 ,203.0.113.7 ", 1, "client:203.0.113.7"],
    ["2001:DB8::1", 1, "client:2001:db8::1"],
    ["::ffff:203.0.113.7", 1, "client:::ffff:203.0.113.7"],
    // Two proxies: the entry the outer one appended.
    ["6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "client:203.0.113.7"],
    // Missing, short or hostile values never become a key of the client's choosing.
    [undefined, 1, "client:unknown"],
    ["", 1, "client:unknown"],
    ["203.0.113.7", 2, "client:unknown"],
    ["user:john", 1, "client:unknown"],
    ["1.2.3.4 extra", 1, "client:unknown"],
    ["1.2.3.4;drop", 1, "client:unknown"],
    ["%31.2.3.4", 1, "client:unknown"],
    ["a".repeat(100), 1, "client:unknown"],
  ])("X-Forwarded-For %j with %i trusted proxies → %s", (forwarded, proxies, expected) => {
    expect(clientKey(headers(forwarded), proxies)).toBe(expected);
  });
});

describe("normalizeUsername", () => {
  it.each([
    ["john", "john"],
    ["JOHN", "john"],
    ["  John \t", "john"],
    ["\uff4a\uff4f\uff48\uff4e", "john"], // full-width letters
    ["Dr-Patel", "dr-patel"],
    ["jo\u0301hn", "jóhn"], // a combining accent composes, and stays a different name
  ])("%j → %j", (input, expected) => {
    expect(normalizeUsername(input)).toBe(expected);
  });

  it.each([
    [""],
    ["   "],
    ["x".repeat(129)],
    [undefined],
    [null],
    [42],
    [["john"]],
    ["john\u0000"],
    ["jo\nhn"],
    ["\u007fjohn"],
  ])("refuses %j", (input) => {
    expect(normalizeUsername(input)).toBeNull();
  });

  it("leaves every demo username as it is (the credential check: tests/integration/accounts.test.ts)", () => {
    expect(DEMO_ACCOUNTS.every((account) => normalizeUsername(account.username) === account.username)).toBe(true);
  });
});

describe("parseAuthForm", () => {
  it("parses a form exactly as NextAuth will", () => {
    const form = parseAuthForm("username=john&password=demo1234&csrfToken=abc&json=true");
    expect(Object.fromEntries(form)).toEqual({
      username: "john",
      password: "demo1234",
      csrfToken: "abc",
      json: "true",
    });
  });

  it.each([
    "username=john&username=zia&password=demo1234",
    "username=john&password=a&password=b",
    "username=john&user%6Eame=zia", // the same name, percent-encoded
    "username=john&username=",
    "csrfToken=a&csrfToken=b",
  ])("refuses a form that names a field twice: %j", (body) => {
    expect(() => parseAuthForm(body)).toThrow(AppError);
  });
});

describe("reachesCredentialsCallback", () => {
  it.each([
    [["callback", "credentials"], true],
    [["callback", "credentials", "x"], true],
    [["callback", "credentials", ""], true],
    [["callback", "credentials", "x", "y"], true],
    [["callback", "github"], false],
    [["signin", "credentials"], false],
    [["signout"], false],
    [["Callback", "credentials"], false], // NextAuth compares exactly; so do we
    [[], false],
    [undefined, false],
  ])("%j → %s", (segments, expected) => {
    expect(reachesCredentialsCallback(segments as string[] | undefined)).toBe(expected);
  });
});

describe("setsSessionCookie", () => {
  const response = (...cookies: string[]) => {
    const h = new Headers();
    for (const cookie of cookies) h.append("set-cookie", cookie);
    return new Response(null, { headers: h });
  };
  it("recognises the session cookie, secure-prefixed and chunked too", () => {
    expect(setsSessionCookie(response("next-auth.session-token=abc; Path=/; HttpOnly"))).toBe(true);
    expect(setsSessionCookie(response("__Secure-next-auth.session-token=abc; Path=/"))).toBe(true);
    expect(setsSessionCookie(response("next-auth.csrf-token=x", "next-auth.session-token.0=abc; Path=/"))).toBe(true);
  });
  it("is false for other cookies and for a cleared session", () => {
    expect(setsSessionCookie(response())).toBe(false);
    expect(setsSessionCookie(response("next-auth.csrf-token=abc; Path=/"))).toBe(false);
    expect(setsSessionCookie(response("next-auth.session-token=; Path=/; Max-Age=0"))).toBe(false);
    expect(setsSessionCookie(response("evil-next-auth.session-token=abc"))).toBe(false);
  });
});

// What the limits count, with exact numbers, is tested on the real Postgres store:
// tests/integration/rate-limits.test.ts.
describe("sign-in limits", () => {
  it("refuses to run with an invalid limit setting (fail closed)", async () => {
    vi.resetModules();
    vi.stubEnv("RATE_LIMIT_LOGIN_PER_MINUTE", "lots");
    try {
      const { beginSignInAttempt } = await import("@/lib/auth/rate-limit");
      await expect(beginSignInAttempt(new Request("http://app.test/"), "john")).rejects.toThrow(
        /RATE_LIMIT_LOGIN_PER_MINUTE is invalid/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("credentialsRefusal", () => {
  const nextAuthAnswer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const error = (code: string) => ({ url: `http://localhost:3000/api/auth/error?error=${code}` });

  it.each([
    [401, { url: "http://localhost:3000/api/auth/error?error=CredentialsSignin&provider=credentials" }, "credentials"],
    [401, error("SignInUnavailable"), "unavailable"],
    [401, error("connect%20ECONNREFUSED"), "unavailable"], // anything else thrown in authorize
    [200, { url: "http://localhost:3000/appointments" }, null], // signed in
    [403, error("SignInUnavailable"), null],
    [401, { url: "http://localhost:3000/login" }, null],
    [401, { nope: true }, null],
    [401, "not json", null],
  ])("%i %j → %s", async (status, body, expected) => {
    expect(await credentialsRefusal(nextAuthAnswer(status, body))).toBe(expected);
  });
});
