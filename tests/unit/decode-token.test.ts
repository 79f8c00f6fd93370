import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { decodeTenantToken } from "@/lib/browser/decode-token";

const secret = new TextEncoder().encode("not-a-real-key-not-a-real-key-00");

async function token(payload: Record<string, unknown>) {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).sign(secret);
}

describe("decodeTenantToken", () => {
  it("reads the search rules, the key uid and the expiry", async () => {
    const searchRules = { appointments: { filter: 'doctor_id = "d-patel"' } };
    const claims = await token({ searchRules, apiKeyUid: "0b5c3e1a-uid", exp: 1_800_000_000 });
    expect(decodeTenantToken(claims)).toEqual({ searchRules, apiKeyUid: "0b5c3e1a-uid", exp: 1_800_000_000 });
  });

  it("decodes non-ASCII text in the payload (base64url of UTF-8)", async () => {
    const searchRules = { appointments: { filter: 'doctor = "Dr. Léa Moreau"' } };
    expect(decodeTenantToken(await token({ searchRules, apiKeyUid: "k" }))?.searchRules).toEqual(searchRules);
  });

  it("returns null for anything that is not a tenant token", async () => {
    expect(decodeTenantToken("")).toBeNull();
    expect(decodeTenantToken("a.b")).toBeNull();
    expect(decodeTenantToken("a.%%%.c")).toBeNull();
    expect(decodeTenantToken(await token({ sub: "someone" }))).toBeNull();
  });
});
