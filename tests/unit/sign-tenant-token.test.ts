import { decodeProtectedHeader, jwtVerify } from "jose";
import { generateTenantToken } from "meilisearch/token";
import { describe, expect, it } from "vitest";
import { searchRulesFor, signTenantToken } from "@/lib/meilisearch/tenant-token";

const key = { uid: "5b1d5e0c-4a52-4c8e-9d1e-2f6a7c3b9e41", key: "0123456789abcdef0123456789abcdef", expiresAt: null };
const tenants = [
  { role: "patient", patientId: "p-john" },
  { role: "doctor", doctorId: "d-patel" },
  { role: "clinic", clinicId: "c-north" },
] as const;

describe("signTenantToken", () => {
  it.each(tenants)("matches meilisearch-js's generateTenantToken byte for byte (%o)", async (tenant) => {
    const searchRules = searchRulesFor("appointments", tenant);
    const expiresAt = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));
    const ours = signTenantToken(key, searchRules, expiresAt);
    const reference = await generateTenantToken({ apiKey: key.key, apiKeyUid: key.uid, searchRules, expiresAt });
    expect(ours).toBe(reference);
  });

  it("is a valid HS256 JWT with exactly the expected claims", async () => {
    const token = signTenantToken(key, searchRulesFor("appointments", tenants[0]), new Date(Date.UTC(2030, 0, 1)));
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(key.key), { algorithms: ["HS256"] });
    expect(payload).toEqual({
      searchRules: { appointments: { filter: 'patient_id = "p-john"' } },
      apiKeyUid: key.uid,
      exp: Date.UTC(2030, 0, 1) / 1000,
    });
  });

  it("cannot be verified with another key", async () => {
    const token = signTenantToken(key, searchRulesFor("appointments", tenants[0]), new Date(Date.UTC(2030, 0, 1)));
    await expect(jwtVerify(token, new TextEncoder().encode("another-key-another-key-another!"))).rejects.toThrow();
  });
});
