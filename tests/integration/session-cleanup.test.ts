import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanupSessions } from "@/lib/auth/sessions";
import { SESSION_KEY_NAME } from "@/lib/meilisearch/search-key";
import { sessionKeyUid } from "@/lib/meilisearch/session-keys";
import { SERVER_KEY_NAME } from "@/lib/meilisearch/server-key";
import { signedIn, signOut } from "./support/auth";
import { testDatabase } from "./support/database";
import { masterClient } from "./support/meilisearch";

const admin = masterClient();

const db = testDatabase("app");
afterEach(() => vi.restoreAllMocks());

/** Meilisearch's own keys and the app server's: the constant in "live sessions + a constant". */
const DEFAULT_KEYS = [
  "Default Admin API Key",
  "Default Chat API Key",
  "Default Read-Only Admin API Key",
  "Default Search API Key",
  SERVER_KEY_NAME,
];

async function meiliKeys() {
  const { results, total } = await admin.getKeys({ limit: 10_000 });
  expect(results).toHaveLength(total);
  return results;
}

async function liveSessions(): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from sessions where revoked_at is null and expires_at > now()",
  );
  return rows[0]!.n;
}

/** Every key Meilisearch holds is a default key or the key of a live session, one each. */
async function expectKeysMatchLiveSessions() {
  const keys = await meiliKeys();
  const { rows } = await db.query<{ id: string }>(
    "select id from sessions where revoked_at is null and expires_at > now() order by id",
  );
  expect(
    keys
      .filter((key) => key.name !== SESSION_KEY_NAME)
      .map((key) => key.name)
      .sort(),
  ).toEqual(DEFAULT_KEYS);
  expect(
    keys
      .filter((key) => key.name === SESSION_KEY_NAME)
      .map((key) => key.uid)
      .sort(),
  ).toEqual(rows.map((row) => sessionKeyUid(row.id)).sort());
  expect(keys).toHaveLength(rows.length + DEFAULT_KEYS.length);
}

describe("nothing grows without bound", () => {
  it("after 30 sign-ins and sign-outs, Meilisearch holds exactly the live sessions' keys plus its own", async () => {
    await cleanupSessions(); // whatever earlier files left behind
    await expectKeysMatchLiveSessions();
    const live = await liveSessions();
    const keys = (await meiliKeys()).length;

    // One after another: a sign-in that failed under load must not go on creating keys later.
    const cookies: string[] = [];
    for (let i = 0; i < 30; i++) cookies.push(await signedIn(["john", "zia", "kevin"][i % 3]!));
    expect((await meiliKeys()).length).toBe(keys + 30);
    expect(await liveSessions()).toBe(live + 30);
    for (const cookie of cookies.slice(0, 25)) await signOut(cookie);

    // Sign-out deletes its key itself: no cleanup needed for the count to come back.
    expect((await meiliKeys()).length).toBe(keys + 5);
    await expectKeysMatchLiveSessions();
    for (const cookie of cookies.slice(25)) await signOut(cookie);
    expect((await meiliKeys()).length).toBe(keys);
    await expectKeysMatchLiveSessions();
  });

  it("keys whose deletion failed, and keys of expired sessions, are deleted by the cleanup", async () => {
    await cleanupSessions();
    const keys = (await meiliKeys()).length;
    const outage: string[] = [];
    for (let i = 0; i < 6; i++) outage.push(await signedIn("john"));
    for (let i = 0; i < 4; i++) await signedIn("zia");
    expect((await meiliKeys()).length).toBe(keys + 10);

    // Meilisearch refuses every deletion while these six sign out.
    const fetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
      init?.method === "DELETE" ? Promise.reject(new TypeError("fetch failed")) : fetch(input, init),
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    for (const cookie of outage) await signOut(cookie);
    vi.mocked(globalThis.fetch).mockRestore();
    // Four sessions reach their end (8 hours after sign-in) without signing out.
    const { rowCount } = await db.query(
      `update sessions set expires_at = now() - interval '1 minute'
       where id in (select id from sessions where username = 'zia' and revoked_at is null order by created_at desc limit 4)`,
    );
    expect(rowCount).toBe(4);
    expect((await meiliKeys()).length).toBe(keys + 10);

    await expect(cleanupSessions()).resolves.toEqual({ keysDeleted: 10, keysPending: 0, rowsDeleted: 0 });
    expect((await meiliKeys()).length).toBe(keys);
    await expectKeysMatchLiveSessions();
    await expect(cleanupSessions()).resolves.toEqual({ keysDeleted: 0, keysPending: 0, rowsDeleted: 0 });
  });

  it("deletes session rows a day after they expired, once their key is gone, and no others", async () => {
    await cleanupSessions();
    const before = Number((await db.query("select count(*) from sessions")).rows[0].count);
    for (let i = 0; i < 3; i++) await signedIn("kevin");
    await db.query(
      `update sessions set expires_at = now() - interval '25 hours'
       where id in (select id from sessions where username = 'kevin' and revoked_at is null order by created_at desc limit 3)`,
    );
    // The first pass deletes their keys, then the rows whose keys are gone.
    await expect(cleanupSessions()).resolves.toEqual({ keysDeleted: 3, keysPending: 0, rowsDeleted: 3 });
    expect(Number((await db.query("select count(*) from sessions")).rows[0].count)).toBe(before);
    await expectKeysMatchLiveSessions();
  });
});
