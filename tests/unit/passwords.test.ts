import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/common/demo-accounts";
import { isTenantId } from "@/lib/common/tenant";
import { tenantScope } from "@/lib/common/tenant";
import { DEMO_PASSWORD_HASHES } from "../../devtools/demo-account-hashes";

// Spied on, not replaced: the real scrypt still runs, so the tests below check real hashes.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});

describe("verifyPassword", () => {
  it("accepts every demo account's hash with the demo password, and refuses a wrong one", async () => {
    for (const account of DEMO_ACCOUNTS) {
      await expect(verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD_HASHES[account.username])).resolves.toBe(true);
      await expect(verifyPassword("demo12345", DEMO_PASSWORD_HASHES[account.username])).resolves.toBe(false);
    }
  });

  it("spends one scrypt with no hash (unknown user), as with one, and says no", async () => {
    // Returning early for an unknown user would let response times reveal which usernames exist.
    const scrypt = vi.mocked(crypto.scrypt);
    for (const hash of [DEMO_PASSWORD_HASHES.john, undefined]) {
      scrypt.mockClear();
      await expect(verifyPassword(DEMO_PASSWORD, hash)).resolves.toBe(hash !== undefined);
      expect(scrypt).toHaveBeenCalledTimes(1);
      expect(scrypt.mock.calls[0]![3]).toMatchObject({ N: 16384, r: 8, p: 1 });
    }
  });

  it("refuses malformed hashes without throwing", async () => {
    for (const hash of ["", "bcrypt$x", "scrypt$16384$8$1$", "scrypt$16384$8$1$salt"]) {
      await expect(verifyPassword(DEMO_PASSWORD, hash)).resolves.toBe(false);
    }
  });
});

describe("hashPassword", () => {
  it("round-trips with a fresh salt each time", async () => {
    const [first, second] = [await hashPassword("s3cret"), await hashPassword("s3cret")];
    expect(first).not.toBe(second);
    await expect(verifyPassword("s3cret", first)).resolves.toBe(true);
    await expect(verifyPassword("s3cret!", first)).resolves.toBe(false);
  });
});

describe("the demo accounts", () => {
  it("have their own salt and the full scrypt cost", () => {
    const parts = DEMO_ACCOUNTS.map((account) => DEMO_PASSWORD_HASHES[account.username]!.split("$"));
    for (const [scheme, n, r, p, salt, hash] of parts) {
      expect([scheme, n, r, p]).toEqual(["scrypt", "16384", "8", "1"]);
      expect(Buffer.from(salt!, "base64url")).toHaveLength(16);
      expect(Buffer.from(hash!, "base64url")).toHaveLength(32);
    }
    // A hash copied from another account shares its salt, and its password.
    expect(new Set(parts.map((fields) => fields[4])).size).toBe(DEMO_ACCOUNTS.length);
    expect(Object.keys(DEMO_PASSWORD_HASHES).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
  });

  it("have allow-listed tenant ids", () => {
    for (const account of DEMO_ACCOUNTS) expect(isTenantId(tenantScope(account.tenant).id)).toBe(true);
  });
});
