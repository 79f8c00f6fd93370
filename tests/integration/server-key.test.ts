import { afterAll, describe, expect, inject, it } from "vitest";
import { getMeiliEnv } from "@/lib/env";
import { adminClient } from "@/lib/meilisearch/admin";
import { checkReadiness } from "@/lib/meilisearch/health";
import { deleteSearchKey, ensureSearchKey } from "@/lib/meilisearch/search-key";
import { ensureServerKey, SERVER_KEY_ACTIONS, SERVER_KEY_UID } from "@/lib/meilisearch/server-key";
import { masterClient } from "./support/meilisearch";

const { host, serverKey, indexUid } = inject("meili");
const master = masterClient();
const PROBE_INDEX = "server-key-probe";
const PROBE_KEY_UID = "0f1e2d3c-4b5a-4697-8877-665544332211";

afterAll(async () => {
  // Only there if a refusal below did not happen.
  await master.deleteIndex(PROBE_INDEX).waitTask();
  await deleteSearchKey(master, PROBE_KEY_UID);
});

/** One request with the key the code under test holds, as the app server reads it from its environment. */
async function asServer(method: string, path: string, body?: unknown): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${host}${path}`, {
    method,
    headers: { Authorization: `Bearer ${getMeiliEnv().adminKey}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as { code?: string };
  return { status: response.status, code: answer.code };
}

describe("the app server's Meilisearch key", () => {
  it("is the server key, with exactly the actions the server uses, on the one index", async () => {
    expect(getMeiliEnv().adminKey).toBe(serverKey);
    const key = await master.getKey(SERVER_KEY_UID);
    expect(key.key).toBe(serverKey);
    expect([...key.actions].sort()).toEqual([...SERVER_KEY_ACTIONS].sort());
    expect(key.indexes).toEqual([indexUid]);
    expect(key.expiresAt).toBeNull();
  });

  it("is created idempotently: the same value on every call, and brought back to its actions if changed", async () => {
    expect(await ensureServerKey(master, indexUid)).toBe(serverKey);
    await master.deleteKey(SERVER_KEY_UID);
    await master.createKey({ uid: SERVER_KEY_UID, actions: ["*"], indexes: ["*"], expiresAt: null });
    expect(await ensureServerKey(master, indexUid)).toBe(serverKey);
    const key = await master.getKey(SERVER_KEY_UID);
    expect([...key.actions].sort()).toEqual([...SERVER_KEY_ACTIONS].sort());
    expect(key.indexes).toEqual([indexUid]);
  });

  it("does everything the server does: session keys, outbox writes, their tasks, the index's stats", async () => {
    const client = adminClient();
    const spec = { uid: PROBE_KEY_UID, indexUid, expiresAt: new Date(Date.now() + 60_000) };
    const created = await ensureSearchKey(client, spec);
    expect(created.created).toBe(true);
    const found = await ensureSearchKey(client, spec);
    expect(found).toEqual({ parentKey: created.parentKey, created: false });
    expect(await deleteSearchKey(client, PROBE_KEY_UID)).toBe(true);

    const [document] = (await master.index(indexUid).getDocuments({ limit: 1 })).results;
    const added = await client.index(indexUid).addDocuments([document!], { primaryKey: "id" }).waitTask();
    expect(added.status).toBe("succeeded");
    const deleted = await client.index(indexUid).deleteDocuments([999_999_999]).waitTask();
    expect(deleted.status).toBe("succeeded");
    expect(await checkReadiness()).toEqual({ ok: true, dependencies: { database: "up", search: "up" } });
  });

  it("is refused (403) for what only the tools and the operator do", async () => {
    const settings = await master.index(indexUid).getSettings();
    const refused = {
      "change settings": await asServer("PATCH", `/indexes/${indexUid}/settings`, {
        pagination: settings.pagination,
      }),
      "create a dump": await asServer("POST", "/dumps"),
      "create a snapshot": await asServer("POST", "/snapshots"),
      "swap indexes": await asServer("POST", "/swap-indexes", [{ indexes: [indexUid, PROBE_INDEX] }]),
      "create another index": await asServer("POST", "/indexes", { uid: PROBE_INDEX }),
      "read documents": await asServer("GET", `/indexes/${indexUid}/documents?limit=1`),
      search: await asServer("POST", `/indexes/${indexUid}/search`, { q: "" }),
      // Last: if it were allowed, the index would be gone.
      "delete the index": await asServer("DELETE", `/indexes/${indexUid}`),
    };
    const denied = { status: 403, code: "invalid_api_key" };
    expect(refused).toEqual({
      "change settings": denied,
      "create a dump": denied,
      "create a snapshot": denied,
      "swap indexes": denied,
      "create another index": denied,
      "read documents": denied,
      search: denied,
      "delete the index": denied,
    });
  });

  it("can still create a key broader than itself (Meilisearch does not compare the actions)", async () => {
    const minted = await asServer("POST", "/keys", {
      uid: PROBE_KEY_UID,
      actions: ["*"],
      indexes: ["*"],
      expiresAt: null,
    });
    expect(minted.status).toBe(201);
    expect(await deleteSearchKey(master, PROBE_KEY_UID)).toBe(true);
  });
});
