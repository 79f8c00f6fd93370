import { afterAll, describe, expect, it } from "vitest";
import { normalizeUsername, verifyCredentials } from "@/lib/auth/accounts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/common/demo-accounts";
import { closeDb } from "@/lib/db/client";
import { testDatabase } from "./support/database";

// Sign-in reads the accounts the seed wrote into the real Postgres.
const admin = testDatabase("owner");
afterAll(async () => {
  await admin.query("update accounts set active = true");
  await closeDb();
});

describe("verifyCredentials (Postgres)", () => {
  it("accepts every demo account with the demo password, with its tenant", async () => {
    for (const account of DEMO_ACCOUNTS) {
      await expect(verifyCredentials(account.username, DEMO_PASSWORD)).resolves.toEqual({ ok: true, account });
    }
  });

  it("signs in with the one normalised spelling", async () => {
    for (const spelling of ["  JOHN ", "\uff4a\uff4f\uff48\uff4e", "John"]) {
      const check = await verifyCredentials(spelling, DEMO_PASSWORD);
      expect(check.ok && check.account.username).toBe(normalizeUsername(spelling));
    }
  });

  it("refuses a wrong password, an unknown user and odd input", async () => {
    const invalid = { ok: false, reason: "invalid" };
    await expect(verifyCredentials("john", "demo12345")).resolves.toEqual(invalid);
    await expect(verifyCredentials("nobody", DEMO_PASSWORD)).resolves.toEqual(invalid);
    for (const hostile of ['john" OR "1"="1', "john' OR '1'='1", "john\\", "jo\nhn", "jöhn", "john\u0000"]) {
      await expect(verifyCredentials(hostile, DEMO_PASSWORD)).resolves.toEqual(invalid);
    }
    await expect(verifyCredentials(undefined, undefined)).resolves.toEqual(invalid);
    await expect(verifyCredentials("john", "x".repeat(10_000))).resolves.toEqual(invalid);
  });

  it("says a deactivated account is disabled, only once the password matched, and accepts it again once active", async () => {
    await admin.query("update accounts set active = false where username = 'zia'");
    await expect(verifyCredentials("zia", DEMO_PASSWORD)).resolves.toEqual({ ok: false, reason: "disabled" });
    // A wrong password learns nothing about the account's state.
    await expect(verifyCredentials("zia", "wrong-password")).resolves.toEqual({ ok: false, reason: "invalid" });
    await expect(verifyCredentials("john", DEMO_PASSWORD)).resolves.toMatchObject({ ok: true });
    await admin.query("update accounts set active = true where username = 'zia'");
    await expect(verifyCredentials("zia", DEMO_PASSWORD)).resolves.toMatchObject({
      ok: true,
      account: { username: "zia" },
    });
  });
});
