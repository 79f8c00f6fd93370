import { describe, expect, it, vi } from "vitest";
import { TokenStore, type TokenFetcher } from "@/lib/browser/token-store";

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function issuer(clock: { now: () => number }, ttlMs: number) {
  let n = 0;
  const calls: string[] = [];
  const fetchToken: TokenFetcher = async (reason) => {
    calls.push(reason);
    n += 1;
    return { token: `token-${n}`, expiresAt: new Date(clock.now() + ttlMs).toISOString() };
  };
  return { fetchToken, calls };
}

describe("TokenStore", () => {
  it("reuses a token while it has time left", async () => {
    const clock = fakeClock();
    const { fetchToken, calls } = issuer(clock, 600_000);
    const store = new TokenStore(fetchToken, clock.now);
    expect(await store.get()).toBe("token-1");
    clock.advance(400_000);
    expect(await store.get()).toBe("token-1");
    expect(calls).toEqual(["initial"]);
    store.reset();
  });

  it("refreshes before expiry (within the last fifth, at most a minute)", async () => {
    const clock = fakeClock();
    const { fetchToken, calls } = issuer(clock, 5_000);
    const store = new TokenStore(fetchToken, clock.now);
    await store.get();
    clock.advance(3_900);
    expect(await store.get()).toBe("token-1");
    clock.advance(200); // 900 ms left < 1000 ms margin
    expect(await store.get()).toBe("token-2");
    expect(calls).toEqual(["initial", "expiring"]);
    store.reset();
  });

  it("gets a new token after it expired, e.g. after a laptop slept", async () => {
    const clock = fakeClock();
    const { fetchToken } = issuer(clock, 5_000);
    const store = new TokenStore(fetchToken, clock.now);
    await store.get();
    clock.advance(15_000);
    expect(await store.get()).toBe("token-2");
    store.reset();
  });

  it("collapses concurrent refreshes into one request", async () => {
    const clock = fakeClock();
    const { fetchToken, calls } = issuer(clock, 60_000);
    const store = new TokenStore(fetchToken, clock.now);
    const tokens = await Promise.all([store.get(), store.get(), store.refresh("rejected")]);
    expect(new Set(tokens)).toEqual(new Set(["token-1"]));
    expect(calls).toHaveLength(1);
    store.reset();
  });

  it("refreshes in the background before expiry", async () => {
    vi.useFakeTimers();
    try {
      const clock = { now: () => Date.now() };
      const { fetchToken, calls } = issuer(clock, 10_000);
      const store = new TokenStore(fetchToken, clock.now);
      await store.get();
      await vi.advanceTimersByTimeAsync(8_100);
      expect(calls).toEqual(["initial", "expiring"]);
      store.reset();
    } finally {
      vi.useRealTimers();
    }
  });

  it("forgets the token on reset (sign-out), and starts afresh", async () => {
    const clock = fakeClock();
    const { fetchToken, calls } = issuer(clock, 60_000);
    const store = new TokenStore(fetchToken, clock.now);
    expect(await store.get()).toBe("token-1");
    store.reset();
    expect(await store.get()).toBe("token-2");
    expect(calls).toEqual(["initial", "initial"]);
    store.reset();
  });

  it("drops a token that was still in flight at reset", async () => {
    let release: (grant: { token: string; expiresAt: string }) => void = () => {};
    const store = new TokenStore(() => new Promise((resolve) => (release = resolve)));
    const pending = store.get();
    store.reset();
    release({ token: "late", expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await expect(pending).rejects.toThrow(/reset/);
  });

  it("rejects a malformed grant", async () => {
    const store = new TokenStore(async () => ({ token: "", expiresAt: "soon" }));
    await expect(store.get()).rejects.toThrow(/malformed/);
  });
});
