import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { ACCOUNTS as DEMO_ACCOUNTS, verifyCredentials } from "@/lib/auth/accounts";
import { DEMO_PASSWORD } from "@/lib/common/demo-accounts";
import { isTenantId } from "@/lib/common/filter";
import { tenantScope } from "@/lib/common/tenant";

// Spied on, not replaced: the real scrypt still runs, so the tests below check real hashes.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});

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

  it("spends one scrypt on an unknown username, as on a known one", async () => {
    // Returning early for an unknown user would let response times reveal which usernames exist.
    const scrypt = vi.mocked(crypto.scrypt);
    for (const username of ["john", "nobody"]) {
      scrypt.mockClear();
      await verifyCredentials(username, "wrong password");
      expect(scrypt).toHaveBeenCalledTimes(1);
      expect(scrypt.mock.calls[0]![3]).toMatchObject({ N: 16384, r: 8, p: 1 });
    }
  });

  it("gives every account its own salt and the full scrypt cost", () => {
    const parts = DEMO_ACCOUNTS.map((account) => account.passwordHash.split("$"));
    for (const [scheme, n, r, p, salt, hash] of parts) {
      expect([scheme, n, r, p]).toEqual(["scrypt", "16384", "8", "1"]);
      expect(Buffer.from(salt!, "base64url")).toHaveLength(16);
      expect(Buffer.from(hash!, "base64url")).toHaveLength(32);
    }
    // A hash copied from another account shares its salt, and its password.
    expect(new Set(parts.map((fields) => fields[4])).size).toBe(DEMO_ACCOUNTS.length);
  });

  it("gives every account an allow-listed tenant id", () => {
    for (const account of DEMO_ACCOUNTS) expect(isTenantId(tenantScope(account.tenant).id)).toBe(true);
  });
});
