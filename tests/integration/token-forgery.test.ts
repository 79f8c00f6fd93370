import { SignJWT, UnsecuredJWT, decodeJwt } from "jose";
import { Meilisearch } from "meilisearch";
import { describe, expect, inject, it } from "vitest";
import { issueTenantToken } from "@/lib/meilisearch/tenant-token";
import { expectedFor } from "../support/expected";
import { search } from "../support/meili-http";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";

const { host, masterKey, indexUid, searchKeyUid } = inject("meili");
const admin = new Meilisearch({ host, apiKey: masterKey });
const john = { role: "patient", patientId: "p-john" } as const;
const wideOpen = { searchRules: { "*": {} }, apiKeyUid: searchKeyUid };

async function expectRefused(token: string) {
  const { status, body } = await search(host, token, indexUid, { q: "" });
  expect(status).toBe(403);
  expect(body.code).toBe("invalid_api_key");
}

async function parentKeyValue() {
  return (await admin.getKey(searchKeyUid)).key;
}

describe("forged and broken tokens are refused", () => {
  it("accepts the genuine token (control)", async () => {
    const { token } = await issueTenantToken(john);
    const { status } = await search(host, token, indexUid, { q: "" });
    expect(status).toBe(200);
  });

  it("refuses a tampered payload (filter removed, signature kept)", async () => {
    const { token } = await issueTenantToken(john);
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(token), searchRules: { [indexUid]: {} } })).toString(
      "base64url",
    );
    await expectRefused(`${header}.${payload}.${signature}`);
  });

  it("refuses a token signed with another key", async () => {
    const token = await new SignJWT(wideOpen)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-parent-key-but-long-enough-123"));
    await expectRefused(token);
  });

  it("refuses alg: none", async () => {
    await expectRefused(new UnsecuredJWT(wideOpen).setExpirationTime("1h").encode());
  });

  it("refuses a correctly signed token whose exp has passed", async () => {
    const token = await new SignJWT({
      searchRules: { [indexUid]: { filter: 'patient_id = "p-john"' } },
      apiKeyUid: searchKeyUid,
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
      .sign(new TextEncoder().encode(await parentKeyValue()));
    await expectRefused(token);
  });

  it("refuses a token naming a key uid that is not its signer", async () => {
    const token = await new SignJWT({ ...wideOpen, apiKeyUid: "00000000-0000-4000-8000-000000000000" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(await parentKeyValue()));
    await expectRefused(token);
  });
});

describe("parent key lifecycle", () => {
  it("kills every token when the parent key is deleted, and the next issue recovers", async () => {
    const before = await issueTenantToken(john);
    expect((await search(host, before.token, indexUid)).status).toBe(200);

    await admin.deleteKey(searchKeyUid);
    await expectRefused(before.token);

    // What the browser does after a 403: ask again, flagging the rejection so the key is re-checked.
    const after = await issueTenantToken(john, { revalidateKey: true });
    const { status, body } = await search(host, after.token, indexUid, { q: "" });
    expect(status).toBe(200);
    const johns = expectedFor(john, TEST_SEED_COUNT, TEST_REFERENCE_TIME).map((doc) => doc.id);
    expect(body.hits.map((hit: { id: number }) => hit.id).sort((a: number, b: number) => a - b)).toEqual(
      johns.sort((a, b) => a - b),
    );
    expect((await admin.getKey(searchKeyUid)).actions).toEqual(["search"]);
  });

  it("refuses to sign with a key that can do more than search one index", async () => {
    await admin.deleteKey(searchKeyUid);
    await admin.createKey({ uid: searchKeyUid, actions: ["*"], indexes: ["*"], expiresAt: null });
    try {
      await expect(issueTenantToken(john, { revalidateKey: true })).rejects.toMatchObject({
        code: "search_key_unavailable",
      });
    } finally {
      await admin.deleteKey(searchKeyUid);
      await issueTenantToken(john, { revalidateKey: true });
    }
  });

  it("never issues a token that outlives its parent key", async () => {
    await admin.deleteKey(searchKeyUid);
    const keyExpiry = new Date(Date.now() + 60_000);
    await admin.createKey({ uid: searchKeyUid, actions: ["search"], indexes: [indexUid], expiresAt: keyExpiry });
    try {
      const issued = await issueTenantToken(john, { revalidateKey: true });
      expect(Date.parse(issued.expiresAt)).toBeLessThanOrEqual(keyExpiry.getTime());
      expect(decodeJwt(issued.token).exp! * 1000).toBeLessThanOrEqual(keyExpiry.getTime());
    } finally {
      await admin.deleteKey(searchKeyUid);
      await issueTenantToken(john, { revalidateKey: true });
    }
  });
});
