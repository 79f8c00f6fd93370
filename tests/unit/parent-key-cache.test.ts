import { describe, expect, it } from "vitest";
import { ParentKeyCache } from "@/lib/meilisearch/session-keys";

const key = (uid: string, expiresAt: Date | null = null) => ({ uid, key: `value-of-${uid}`, expiresAt });

describe("ParentKeyCache (one entry per session key, bounded)", () => {
  it("never holds more than its capacity, dropping the least recently used first", () => {
    const cache = new ParentKeyCache(3);
    for (const uid of ["a", "b", "c"]) cache.set(key(uid));
    expect(cache.get("a")?.key).toBe("value-of-a"); // a is now the most recently used
    cache.set(key("d"));
    expect(cache.size).toBe(3);
    expect(cache.get("b")).toBeUndefined();
    expect(["a", "c", "d"].map((uid) => cache.get(uid)?.uid)).toEqual(["a", "c", "d"]);
  });

  it("stays at its capacity however many sessions pass through it", () => {
    const cache = new ParentKeyCache(100);
    for (let i = 0; i < 10_000; i++) cache.set(key(`s-${i}`));
    expect(cache.size).toBe(100);
    expect(cache.get("s-9999")).toBeDefined();
    expect(cache.get("s-0")).toBeUndefined();
  });

  it("does not hand out a key past its expiry, and forgets it", () => {
    const cache = new ParentKeyCache();
    const now = Date.UTC(2026, 10, 1);
    cache.set(key("old", new Date(now - 1)));
    cache.set(key("live", new Date(now + 60_000)));
    expect(cache.get("old", now)).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.get("live", now)?.uid).toBe("live");
  });

  it("replaces an entry set twice, and deletes on request", () => {
    const cache = new ParentKeyCache();
    cache.set(key("a"));
    cache.set({ ...key("a"), key: "rotated" });
    expect(cache.size).toBe(1);
    expect(cache.get("a")?.key).toBe("rotated");
    cache.delete("a");
    expect(cache.get("a")).toBeUndefined();
  });
});
