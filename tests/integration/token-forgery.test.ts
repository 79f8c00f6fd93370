import { SignJWT, UnsecuredJWT, decodeJwt } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { sessionKeyUid } from "@/lib/meilisearch/session-keys";
import { expectedFor } from "../support/expected";
import { search } from "../support/meili-http";
import { TEST_REFERENCE_TIME, TEST_SEED_COUNT } from "./constants";
import { readSession, requestToken, signedIn } from "./support/auth";
import { masterClient } from "./support/meilisearch";

const { host, indexUid } = inject("meili");
const admin = masterClient();
const john = { role: "patient", patientId: "p-john" } as const;

// John's session, and the uid of the parent key that signs its tokens.
let cookie: string;
let keyUid: string;
const wideOpen = () => ({ searchRules: { "*": {} }, apiKeyUid: keyUid });

beforeAll(async () => {
  cookie = await signedIn("john");
  keyUid = sessionKeyUid((await readSession(cookie))!.sessionId);
});

async function issue(reason?: "rejected") {
  const { status, grant, code } = await requestToken(cookie, reason);
  if (!grant) throw Object.assign(new Error(`token: ${status} ${code}`), { status, code });
  return grant;
}

async function expectRefused(token: string) {
  const { status, body } = await search(host, token, indexUid, { q: "" });
  expect(status).toBe(403);
  expect(body.code).toBe("invalid_api_key");
}

async function parentKeyValue() {
  return (await admin.getKey(keyUid)).key;
}

describe("forged and broken tokens are refused", () => {
  it("accepts the genuine token (control)", async () => {
    const { token } = await issue();
    const { status } = await search(host, token, indexUid, { q: "" });
    expect(status).toBe(200);
  });

  it("refuses a tampered payload (filter removed, signature kept)", async () => {
    const { token } = await issue();
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(token), searchRules: { [indexUid]: {} } })).toString(
      "base64url",
    );
    await expectRefused(`${header}.${payload}.${signature}`);
  });

  it("refuses a token signed with another key", async () => {
    const token = await new SignJWT(wideOpen())
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-parent-key-but-long-enough-123"));
    await expectRefused(token);
  });

  it("refuses alg: none", async () => {
    await expectRefused(new UnsecuredJWT(wideOpen()).setExpirationTime("1h").encode());
  });

  it("refuses a correctly signed token whose exp has passed", async () => {
    const token = await new SignJWT({
      searchRules: { [indexUid]: { filter: 'patient_id = "p-john"' } },
      apiKeyUid: keyUid,
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
      .sign(new TextEncoder().encode(await parentKeyValue()));
    await expectRefused(token);
  });

  it("refuses a token naming a key uid that is not its signer", async () => {
    const token = await new SignJWT({ ...wideOpen(), apiKeyUid: "00000000-0000-4000-8000-000000000000" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(await parentKeyValue()));
    await expectRefused(token);
  });

  it("refuses a token signed with another session's key, naming this one's uid", async () => {
    const other = await signedIn("zia");
    const otherKey = (await admin.getKey(sessionKeyUid((await readSession(other))!.sessionId))).key;
    const token = await new SignJWT(wideOpen())
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(otherKey));
    await expectRefused(token);
  });
});

describe("parent key lifecycle", () => {
  it("kills every token when the session's key is deleted, and a live session's next request recovers", async () => {
    const before = await issue();
    expect((await search(host, before.token, indexUid)).status).toBe(200);

    await admin.deleteKey(keyUid);
    await expectRefused(before.token);

    // What the browser does after a 403: ask again, flagging the rejection so the key is re-checked.
    const after = await issue("rejected");
    const { status, body } = await search(host, after.token, indexUid, { q: "" });
    expect(status).toBe(200);
    const johns = expectedFor(john, TEST_SEED_COUNT, TEST_REFERENCE_TIME).map((doc) => doc.id);
    expect(body.hits.map((hit: { id: number }) => hit.id).sort((a: number, b: number) => a - b)).toEqual(
      johns.sort((a, b) => a - b),
    );
    const key = await admin.getKey(keyUid);
    expect([key.actions, key.indexes]).toEqual([["search"], [indexUid]]);
  });

  it("a deleted key re-created with the same uid revives its old tokens (so a revoked session's never is)", async () => {
    const old = await issue();
    await admin.deleteKey(keyUid);
    await expectRefused(old.token);
    await admin.createKey({ uid: keyUid, actions: ["search"], indexes: [indexUid], expiresAt: null });
    expect((await search(host, old.token, indexUid)).status).toBe(200);
    await admin.deleteKey(keyUid);
    await issue("rejected");
  });

  it("refuses to sign with a key that can do more than search one index", async () => {
    await admin.deleteKey(keyUid);
    await admin.createKey({ uid: keyUid, actions: ["*"], indexes: ["*"], expiresAt: null });
    try {
      await expect(issue("rejected")).rejects.toMatchObject({ status: 503, code: "search_key_unavailable" });
    } finally {
      await admin.deleteKey(keyUid);
      await issue("rejected");
    }
  });

  it("never issues a token that outlives its parent key, nor its session", async () => {
    await admin.deleteKey(keyUid);
    const keyExpiry = new Date(Date.now() + 60_000);
    await admin.createKey({ uid: keyUid, actions: ["search"], indexes: [indexUid], expiresAt: keyExpiry });
    try {
      const issued = await issue("rejected");
      expect(Date.parse(issued.expiresAt)).toBeLessThanOrEqual(keyExpiry.getTime());
      expect(decodeJwt(issued.token).exp! * 1000).toBeLessThanOrEqual(keyExpiry.getTime());
    } finally {
      await admin.deleteKey(keyUid);
      await issue("rejected");
    }
    // The key made for the session expires with it, and so does every token.
    const { endsAt } = (await readSession(cookie))!;
    expect(new Date((await admin.getKey(keyUid)).expiresAt).getTime()).toBe(Date.parse(endsAt));
    expect(Date.parse((await issue()).expiresAt)).toBeLessThanOrEqual(Date.parse(endsAt));
  });
});
