import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool, query } from "@/lib/db/client";
import { ADVISORY_LOCKS, lockUntilTransactionEnds, withAdvisoryLock, withTransaction } from "@/lib/db/transaction";

/** withTransaction and withAdvisoryLock on the real Postgres, as the app's role. */

let observer: pg.Client;
beforeAll(async () => {
  // A second session, as another app instance would hold.
  observer = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await observer.connect();
});
afterAll(async () => {
  await observer.end();
  await closeDb();
});

const sessionRows = async (id: string) =>
  (await observer.query<{ n: number }>("select count(*)::int as n from sessions where id = $1", [id])).rows[0]!.n;

const insertSessionRow = (tx: pg.ClientBase, id: string) =>
  query(tx, "insert into sessions (id, username, expires_at) values ($1, 'john', now() + interval '1 hour')", [id]);

/** Connections of the app's pool that are checked out (not back in the pool). */
const checkedOut = () => pool().totalCount - pool().idleCount;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const otherSessionGetsLock = async (lock: keyof typeof ADVISORY_LOCKS) => {
  const { rows } = await observer.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [
    ADVISORY_LOCKS[lock],
  ]);
  if (rows[0]!.locked) await observer.query("select pg_advisory_unlock($1)", [ADVISORY_LOCKS[lock]]);
  return rows[0]!.locked;
};

describe("withTransaction", () => {
  it("commits what the work wrote when it resolves, and gives the connection back", async () => {
    const id = randomUUID();
    await expect(withTransaction((tx) => insertSessionRow(tx, id).then(() => "done"))).resolves.toBe("done");
    expect(await sessionRows(id)).toBe(1);
    expect(checkedOut()).toBe(0);
    await observer.query("delete from sessions where id = $1", [id]);
  });

  it("rolls back what the work wrote when it throws, rethrows the error, and gives the connection back", async () => {
    const id = randomUUID();
    const thrown = new Error("the work failed after writing");
    await expect(
      withTransaction(async (tx) => {
        await insertSessionRow(tx, id);
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(checkedOut()).toBe(0);
    // The next transaction gets the same pooled connection: had the first been left open, this
    // commit would commit its row too.
    await withTransaction(async () => {});
    expect(await sessionRows(id)).toBe(0);
  });
});

describe("withAdvisoryLock", () => {
  it("holds the lock while the work runs, on the connection it hands the work, and lets it go after", async () => {
    const seen = await withAdvisoryLock("sessionCleanup", async (client) => {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and objid = $1",
        [ADVISORY_LOCKS.sessionCleanup],
      );
      return { held: rows[0]!.n, othersGetIt: await otherSessionGetsLock("sessionCleanup") };
    });
    expect(seen).toEqual({ held: 1, othersGetIt: false });
    expect(await otherSessionGetsLock("sessionCleanup")).toBe(true);
    expect(checkedOut()).toBe(0);
  });

  it("a second holder waits until the first is done", async () => {
    const events: string[] = [];
    const release = deferred();
    const first = withAdvisoryLock("sessionCleanup", async () => {
      events.push("first holds");
      await release.promise;
      events.push("first done");
    });
    while (!events.includes("first holds")) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = withAdvisoryLock("sessionCleanup", async () => {
      events.push("second holds");
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(events).toEqual(["first holds"]);
    } finally {
      release.resolve();
      await Promise.all([first, second]);
    }
    expect(events).toEqual(["first holds", "first done", "second holds"]);
    expect(checkedOut()).toBe(0);
  });

  it("with wait: false, resolves null at once while another holds it, without running the work", async () => {
    const release = deferred();
    let holding = false;
    const first = withAdvisoryLock("sessionCleanup", async () => {
      holding = true;
      await release.promise;
      return "first";
    });
    while (!holding) await new Promise((resolve) => setTimeout(resolve, 10));
    let ran = 0;
    try {
      await expect(withAdvisoryLock("sessionCleanup", async () => ++ran, { wait: false })).resolves.toBeNull();
      expect(ran).toBe(0);
    } finally {
      release.resolve();
    }
    await expect(first).resolves.toBe("first");
    await expect(withAdvisoryLock("sessionCleanup", async () => ++ran, { wait: false })).resolves.toBe(1);
    expect(checkedOut()).toBe(0);
  });

  it("lets the lock go when the work throws", async () => {
    const thrown = new Error("the work failed");
    await expect(
      withAdvisoryLock("sessionCleanup", async () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(await otherSessionGetsLock("sessionCleanup")).toBe(true);
    expect(checkedOut()).toBe(0);
  });
});

describe("lockUntilTransactionEnds", () => {
  it("makes a second transaction locking the same key wait until the first commits; another key does not wait", async () => {
    const events: string[] = [];
    const release = deferred();
    const first = withTransaction(async (tx) => {
      await lockUntilTransactionEnds(tx, "bookingCaps", "p-one");
      events.push("first locked");
      await release.promise;
      events.push("first commits");
    });
    while (!events.includes("first locked")) await new Promise((resolve) => setTimeout(resolve, 10));
    const sameKey = withTransaction(async (tx) => {
      await lockUntilTransactionEnds(tx, "bookingCaps", "p-one");
      events.push("same key locked");
    });
    await withTransaction(async (tx) => {
      await lockUntilTransactionEnds(tx, "bookingCaps", "p-two");
      events.push("other key locked");
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(events).toEqual(["first locked", "other key locked"]);
    } finally {
      release.resolve();
      await Promise.all([first, sameKey]);
    }
    expect(events).toEqual(["first locked", "other key locked", "first commits", "same key locked"]);
    expect(checkedOut()).toBe(0);
  });
});
