import { spawnSync } from "node:child_process";
import { afterAll, afterEach, describe, expect, inject, it, vi } from "vitest";
import { verifyCredentials } from "@/lib/auth/accounts";
import { cleanupSessions, issueSessionToken, revokeUserSessions, signedInSession } from "@/lib/auth/sessions";
import { DEMO_PASSWORD } from "@/lib/common/demo-accounts";
import { sessionKeyUid } from "@/lib/meilisearch/session-keys";
import { search } from "../support/meili-http";
import { endAllSessions, readSession, requestToken, signedIn, signIn, signOut, tokenFor } from "./support/auth";
import { testDatabase } from "./support/database";
import { masterClient } from "./support/meilisearch";

const { host, indexUid } = inject("meili");
const admin = masterClient();

const db = testDatabase("owner");
afterAll(async () => {
  await db.query("update accounts set active = true");
});
afterEach(() => vi.restoreAllMocks());

const searchStatus = async (token: string) => (await search(host, token, indexUid, { q: "", limit: 1 })).status;
/** Whether the session's parent key is still in Meilisearch. */
const keyExists = (sessionId: string) =>
  admin.getKey(sessionKeyUid(sessionId)).then(
    () => true,
    () => false,
  );
const row = async (id: string) =>
  (
    await db.query<{ revoked_reason: string | null; key_deleted: boolean }>(
      "select revoked_reason, key_deleted_at is not null as key_deleted from sessions where id = $1",
      [id],
    )
  ).rows[0];

/** Another app instance: same Meilisearch and Postgres, none of this process's cached keys. */
const forgetCachedKeys = () => ((globalThis as { __sessionKeys?: unknown }).__sessionKeys = undefined);

function users(...args: string[]) {
  return spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/users.ts", ...args], {
    // (De)activation changes `accounts`, which only the owner may: as for `npm run users` beside an external Postgres.
    env: { ...process.env, DATABASE_OWNER_URL: inject("database").ownerUrl },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("sign-out", () => {
  it("kills the session's tokens at Meilisearch before it returns, and its cookie gets no new token", async () => {
    const laptop = await tokenFor("john");
    const phone = await tokenFor("john");
    const copied = laptop.token; // a token copied out of the page is the same string
    expect(await searchStatus(copied)).toBe(200);

    await signOut(laptop.cookie);

    // Right after sign-out returned: Meilisearch refuses the token, and the replayed cookie is no session.
    expect(await searchStatus(copied)).toBe(403);
    expect(await readSession(laptop.cookie)).toBeNull();
    await expect(requestToken(laptop.cookie)).resolves.toEqual({ status: 401, code: "unauthorized" });
    expect(await row(laptop.sessionId)).toEqual({ revoked_reason: "sign_out", key_deleted: true });
    expect(await keyExists(laptop.sessionId)).toBe(false);

    // The same user's other browser carries on, without a reload.
    expect(await searchStatus(phone.token)).toBe(200);
    await expect(requestToken(phone.cookie)).resolves.toMatchObject({ status: 200 });
  });

  it("holds on another instance at once: its cached key does not bring the session back", async () => {
    const { token, cookie, sessionId } = await tokenFor("zia");
    await requestToken(cookie); // this instance has the key cached
    forgetCachedKeys();
    await requestToken(cookie); // and so does "the other instance"
    await signOut(cookie); // signed out "here"
    await expect(requestToken(cookie)).resolves.toEqual({ status: 401, code: "unauthorized" });
    expect(await searchStatus(token)).toBe(403);
    expect(await keyExists(sessionId)).toBe(false);
  });

  it("while Meilisearch cannot delete the key, the session is still revoked and the cleanup deletes it later", async () => {
    const { token, cookie, sessionId } = await tokenFor("kevin");
    const fetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
      init?.method === "DELETE" ? Promise.reject(new TypeError("fetch failed")) : fetch(input, init),
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    await signOut(cookie);
    vi.mocked(globalThis.fetch).mockRestore();

    await expect(requestToken(cookie)).resolves.toEqual({ status: 401, code: "unauthorized" });
    expect(await row(sessionId)).toEqual({ revoked_reason: "sign_out", key_deleted: false });
    expect(await searchStatus(token)).toBe(200); // the one gap: until Meilisearch deletes the key

    await cleanupSessions();
    expect(await searchStatus(token)).toBe(403);
    expect(await row(sessionId)).toEqual({ revoked_reason: "sign_out", key_deleted: true });
  });
});

describe("a revoked session's key is never re-created", () => {
  it("a token request that passed the session check just before sign-out does not revive its tokens", async () => {
    const { token, cookie, sessionId } = await tokenFor("dr-patel");
    // What the token route read a moment before the sign-out committed:
    const checked = signedInSession(await readSession(cookie))!;
    await signOut(cookie);
    forgetCachedKeys(); // the request runs on an instance that has no key cached

    await expect(issueSessionToken(checked)).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    // The key it had to create (a key's value is derived from its uid, so the old token would be
    // good again) was deleted by the re-check.
    expect(await keyExists(sessionId)).toBe(false);
    expect(await searchStatus(token)).toBe(403);
  });

  it("and if deleting it fails, the session is marked for the cleanup", async () => {
    const { token, cookie, sessionId } = await tokenFor("front-desk-north");
    const checked = signedInSession(await readSession(cookie))!;
    await signOut(cookie);
    forgetCachedKeys();
    const fetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
      init?.method === "DELETE" ? Promise.reject(new TypeError("fetch failed")) : fetch(input, init),
    );
    await expect(issueSessionToken(checked)).rejects.toMatchObject({ status: 401 });
    vi.mocked(globalThis.fetch).mockRestore();
    expect(await row(sessionId)).toEqual({ revoked_reason: "sign_out", key_deleted: false });

    await cleanupSessions();
    expect(await keyExists(sessionId)).toBe(false);
    expect(await searchStatus(token)).toBe(403);
  });
});

describe("sign out everywhere", () => {
  it("ends every session of the user and deletes every key, and no other user's", async () => {
    await endAllSessions(); // other files may have left zia signed in
    const sessions = [await tokenFor("zia"), await tokenFor("zia"), await tokenFor("zia")];
    const john = await tokenFor("john");
    const before = Number((await db.query("select count(*) from sessions where username = 'zia'")).rows[0].count);

    const result = await revokeUserSessions("zia", "revoke_all", (ids) => ({
      event: "sessions_revoked",
      username: "zia",
      details: { reason: "revoke_all", sessions: ids },
    }));

    expect(result).toEqual({ revoked: 3, keysDeleted: 3, keysPending: 0 });
    for (const { token, cookie, sessionId } of sessions) {
      expect(await searchStatus(token)).toBe(403);
      await expect(requestToken(cookie)).resolves.toMatchObject({ status: 401 });
      expect(await row(sessionId)).toEqual({ revoked_reason: "revoke_all", key_deleted: true });
    }
    expect(Number((await db.query("select count(*) from sessions where username = 'zia'")).rows[0].count)).toBe(before);
    expect(await searchStatus(john.token)).toBe(200);
  });
});

describe("deactivation (npm run users)", () => {
  it("deactivate ends every session and key before it exits, and sign-in then says the account is disabled", async () => {
    await endAllSessions();
    const sessions = [await tokenFor("kevin"), await tokenFor("kevin")];
    const run = users("deactivate", "KEVIN");
    expect(run.stderr.split("\n").filter((line) => line.trim() && !line.includes("npm warn"))).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe("Deactivated kevin; revoked 2 live sessions, deleted 2 Meilisearch keys.");

    for (const { token, cookie, sessionId } of sessions) {
      expect(await searchStatus(token)).toBe(403);
      await expect(requestToken(cookie)).resolves.toMatchObject({ status: 401 });
      expect(await row(sessionId)).toEqual({ revoked_reason: "deactivated", key_deleted: true });
    }
    await expect(verifyCredentials("kevin", DEMO_PASSWORD)).resolves.toEqual({ ok: false, reason: "disabled" });
    // Through NextAuth: the right password gets exactly a wrong password's answer (anything else
    // would confirm the password); only the audit trail tells them apart.
    const refused = { status: 401, cookie: undefined, error: "CredentialsSignin" };
    await expect(signIn("kevin")).resolves.toEqual(refused);
    await expect(signIn("kevin", "wrong")).resolves.toEqual(refused);
    const { rows: failures } = await db.query(
      `select details->>'reason' as reason from audit_events
       where event = 'sign_in_failed' and username = 'kevin' order by id desc limit 2`,
    );
    expect(failures).toEqual([{ reason: "invalid" }, { reason: "disabled" }]);

    expect(users("deactivate", "kevin").stdout.trim()).toBe(
      "Already deactivated: kevin; revoked 0 live sessions, deleted 0 Meilisearch keys.",
    );
  });

  it("list shows accounts, roles, tenants, active flags and live sessions", async () => {
    await endAllSessions();
    await signedIn("john");
    await signedIn("john");
    await signedIn("dr-patel");
    const run = users("list");
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "username          role     tenant   active  live sessions  name",
      "----------------  -------  -------  ------  -------------  ------------------------",
      "dr-patel          doctor   d-patel  yes     1              Dr. Anika Patel",
      "front-desk-north  clinic   c-north  yes     0              Front desk, North clinic",
      "john              patient  p-john   yes     2              John",
      "kevin             patient  p-kevin  NO      0              Kevin",
      "zia               patient  p-zia    yes     0              Zia",
    ]);
  });

  it("activate lets the account sign in again; its old sessions stay revoked", async () => {
    const run = users("activate", "kevin");
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe("Activated kevin.");
    const { status, cookie } = await signIn("kevin");
    expect(status).toBe(200);
    await expect(requestToken(cookie!)).resolves.toMatchObject({ status: 200 });
    expect(users("activate", "kevin").stdout.trim()).toBe("kevin was already active.");
  });

  it("names what it cannot do", () => {
    const unknown = users("deactivate", "nobody");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('users deactivate failed: No account "nobody".');
    const usage = users("frobnicate");
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('Unknown command "frobnicate".');
  });
});
