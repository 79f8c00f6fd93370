import { describe, expect, it } from "vitest";
import { EnvError, getAuthSecret, getMeiliEnv, getRateLimits } from "@/lib/env";

describe("getMeiliEnv", () => {
  it("names every missing variable and how to set it", () => {
    let error: unknown;
    try {
      getMeiliEnv({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variables.sort()).toEqual(["MEILI_HOST", "MEILI_MASTER_KEY"]);
    expect((error as Error).message).toMatch(/MEILI_HOST is missing: .*npm run demo/);
    expect((error as Error).message).toMatch(/MEILI_MASTER_KEY is missing: .*MEILI_ADMIN_KEY/);
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

describe("getAuthSecret", () => {
  it("requires a long NEXTAUTH_SECRET", () => {
    expect(() => getAuthSecret({ NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET is invalid/);
    expect(getAuthSecret({ NEXTAUTH_SECRET: "s".repeat(32) })).toBe("s".repeat(32));
  });
});

describe("getRateLimits", () => {
  it("defaults to 10 sign-ins and 30 tokens a minute, and validates overrides", () => {
    expect(getRateLimits({})).toEqual({ login: 10, token: 30 });
    expect(getRateLimits({ RATE_LIMIT_LOGIN_PER_MINUTE: "1000", RATE_LIMIT_TOKEN_PER_MINUTE: "5" })).toEqual({ login: 1000, token: 5 });
    expect(() => getRateLimits({ RATE_LIMIT_TOKEN_PER_MINUTE: "0" })).toThrow(/RATE_LIMIT_TOKEN_PER_MINUTE is invalid/);
  });
});
