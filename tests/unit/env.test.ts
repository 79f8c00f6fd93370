import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  assertAuthConfigured,
  estimatedEntropyBits,
  EnvError,
  getAuthEnv,
  getMeiliEnv,
  getRateLimits,
} from "@/lib/env";

// What `npm run demo` writes into .env.local (devtools/local-env.ts).
const SECRET = randomBytes(32).toString("base64url");

describe("getMeiliEnv", () => {
  it("names every missing variable and how to set it", () => {
    let error: unknown;
    try {
      getMeiliEnv({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variables.sort()).toEqual(["MEILI_ADMIN_KEY", "MEILI_HOST"]);
    expect((error as Error).message).toMatch(/MEILI_HOST is missing: .*npm run demo/);
    expect((error as Error).message).toMatch(/MEILI_ADMIN_KEY is missing: the app server's own Meilisearch key/);
  });

  it("reports invalid values as invalid", () => {
    expect(() =>
      getMeiliEnv({ MEILI_HOST: "not a url", MEILI_MASTER_KEY: "x".repeat(16), TENANT_TOKEN_TTL_SECONDS: "-1" }),
    ).toThrow(/MEILI_HOST is invalid[\s\S]*TENANT_TOKEN_TTL_SECONDS is invalid/);
  });

  it("applies defaults and prefers the admin key over the master key", () => {
    const env = getMeiliEnv({
      MEILI_HOST: "http://127.0.0.1:7700/",
      MEILI_MASTER_KEY: "m".repeat(16),
      MEILI_ADMIN_KEY: "admin",
    });
    expect(env).toMatchObject({
      host: "http://127.0.0.1:7700",
      publicHost: "http://127.0.0.1:7700",
      adminKey: "admin",
      indexUid: "appointments",
      tokenTtlSeconds: 1200,
    });
  });

  it("treats empty values as missing", () => {
    expect(() => getMeiliEnv({ MEILI_HOST: "", MEILI_MASTER_KEY: "" })).toThrow(/MEILI_HOST is missing/);
  });
});

describe("getAuthEnv", () => {
  it("requires a long NEXTAUTH_SECRET", () => {
    expect(() => getAuthEnv({ NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET is invalid/);
    expect(() => getAuthEnv({ NEXTAUTH_SECRET: SECRET.slice(0, 31) })).toThrow(/NEXTAUTH_SECRET is invalid/);
    expect(() => getAuthEnv({})).toThrow(/NEXTAUTH_SECRET is missing/);
    expect(getAuthEnv({ NEXTAUTH_SECRET: SECRET })).toEqual({ secret: SECRET, origin: undefined });
  });

  it.each([
    ["40 spaces", " ".repeat(40)],
    ["one character 32 times", "s".repeat(32)],
    ["a word four times", "password".repeat(4)],
    ["a short pattern repeated", "ab12".repeat(10)],
    ["a random value with a space in it", `${SECRET.slice(0, 20)} ${SECRET.slice(20)}`],
    ["a random value with a newline at the end", `${SECRET}\n`],
    ["a random value with a tab in it", `${SECRET.slice(0, 20)}\t${SECRET.slice(20)}`],
  ])("refuses %s as NEXTAUTH_SECRET, saying how to make one", (_, secret) => {
    expect(() => getAuthEnv({ NEXTAUTH_SECRET: secret })).toThrow(
      /NEXTAUTH_SECRET is invalid: .*openssl rand -base64 32.*npm run demo/,
    );
  });

  it("accepts random secrets: 32 base64 characters, the demo's generator, openssl's form", () => {
    const samples = [
      ...Array.from({ length: 200 }, () => randomBytes(24).toString("base64")), // 32 characters
      ...Array.from({ length: 200 }, () => randomBytes(32).toString("base64url")), // what the demo writes
      ...Array.from({ length: 200 }, () => randomBytes(32).toString("base64")), // `openssl rand -base64 32`
    ];
    expect(samples.filter((secret) => secret.length < 32)).toEqual([]);
    expect(samples.filter((secret) => !getAuthEnv({ NEXTAUTH_SECRET: secret }))).toEqual([]);
  });

  it("estimates entropy from the string's own character frequencies", () => {
    expect(estimatedEntropyBits("s".repeat(32))).toBe(0);
    expect(Math.round(estimatedEntropyBits("password".repeat(4)))).toBe(92);
    expect(estimatedEntropyBits("")).toBe(0);
  });

  it("does not fall back to AUTH_SECRET, which NextAuth would use unchecked", () => {
    expect(() => getAuthEnv({ AUTH_SECRET: SECRET })).toThrow(/NEXTAUTH_SECRET is missing/);
  });

  it("takes the app's origin from NEXTAUTH_URL, http or https only", () => {
    expect(getAuthEnv({ NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: "https://app.example/x" }).origin).toBe(
      "https://app.example",
    );
    expect(() => getAuthEnv({ NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: "javascript:alert(1)" })).toThrow(
      /NEXTAUTH_URL is invalid/,
    );
  });
});

describe("getRateLimits", () => {
  it("defaults to 10 failures per user, 60 attempts per client, 30 tokens per user, no proxy", () => {
    expect(getRateLimits({})).toEqual({
      loginFailuresPerUser: 10,
      loginAttemptsPerClient: 60,
      tokensPerUser: 30,
      trustedProxies: 0,
    });
  });

  it("validates overrides", () => {
    expect(
      getRateLimits({
        RATE_LIMIT_LOGIN_PER_MINUTE: "1000",
        RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE: "7",
        RATE_LIMIT_TOKEN_PER_MINUTE: "5",
      }),
    ).toMatchObject({ loginFailuresPerUser: 1000, loginAttemptsPerClient: 7, tokensPerUser: 5 });
    for (const bad of ["0", "-1", "1.5", "ten", "1e9"]) {
      expect(() => getRateLimits({ RATE_LIMIT_TOKEN_PER_MINUTE: bad })).toThrow(
        /RATE_LIMIT_TOKEN_PER_MINUTE is invalid/,
      );
    }
  });

  it("reads TRUST_PROXY strictly: a typo fails instead of meaning yes or no", () => {
    const hops = (value: string) => getRateLimits({ TRUST_PROXY: value }).trustedProxies;
    expect([hops("false"), hops("true"), hops("0"), hops("1"), hops("2"), hops("10")]).toEqual([0, 1, 0, 1, 2, 10]);
    for (const bad of ["yes", "TRUE", "ture", "11", "-1", "1.0", " 1"]) {
      expect(() => getRateLimits({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY is invalid/);
    }
  });
});

describe("assertAuthConfigured", () => {
  it("names every bad security setting at once", () => {
    let error: unknown;
    try {
      assertAuthConfigured({ NEXTAUTH_SECRET: "too-short", TRUST_PROXY: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variables).toEqual(["NEXTAUTH_SECRET", "TRUST_PROXY"]);
  });

  it("passes with a valid secret and defaults", () => {
    expect(() => assertAuthConfigured({ NEXTAUTH_SECRET: SECRET })).not.toThrow();
  });
});
