import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, verifyCredentials } from "@/lib/accounts";
import { isTenantId } from "@/lib/meilisearch/filter";
import { tenantScope } from "@/lib/tenant";

describe("verifyCredentials", () => {
  it("accepts every demo account with the demo password", async () => {
    for (const account of DEMO_ACCOUNTS) {
      await expect(verifyCredentials(account.username, DEMO_PASSWORD)).resolves.toBe(account);
    }
  });

  it("refuses a wrong password, an unknown user and odd input", async () => {
    await expect(verifyCredentials("john", "demo12345")).resolves.toBeNull();
    await expect(verifyCredentials("nobody", DEMO_PASSWORD)).resolves.toBeNull();
    for (const hostile of ['john" OR "1"="1', "john\\", "john OR zia", "jo\nhn", "jöhn", "john\u0000"]) {
      await expect(verifyCredentials(hostile, DEMO_PASSWORD)).resolves.toBeNull();
    }
    await expect(verifyCredentials(undefined, undefined)).resolves.toBeNull();
    await expect(verifyCredentials("john", "x".repeat(10_000))).resolves.toBeNull();
  });

  it("stores hashes, never the password", () => {
    for (const account of DEMO_ACCOUNTS) {
      expect(account.passwordHash).toMatch(/^scrypt\$/);
      expect(account.passwordHash).not.toContain(DEMO_PASSWORD);
    }
  });

  it("gives every account an allow-listed tenant id", () => {
    for (const account of DEMO_ACCOUNTS) expect(isTenantId(tenantScope(account.tenant).id)).toBe(true);
  });
});
