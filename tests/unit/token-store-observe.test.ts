import { describe, expect, it, vi } from "vitest";
import { TokenStore } from "@/lib/browser/token-store";

describe("TokenStore observation (for the token panel)", () => {
  it("notifies subscribers when a token arrives and when it is reset, without fetching", async () => {
    let n = 0;
    const fetchToken = vi.fn(async () => ({
      token: `token-${++n}`,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    }));
    const store = new TokenStore(fetchToken);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);

    expect(store.peek()).toBeUndefined();
    expect(fetchToken).not.toHaveBeenCalled();

    await store.get();
    expect(store.peek()).toBe("token-1");
    expect(listener).toHaveBeenCalledTimes(1);

    await store.refresh("rejected");
    expect(store.peek()).toBe("token-2");
    expect(listener).toHaveBeenCalledTimes(2);

    store.reset();
    expect(store.peek()).toBeUndefined();
    expect(listener).toHaveBeenCalledTimes(3);

    unsubscribe();
    await store.get();
    expect(listener).toHaveBeenCalledTimes(3);
    store.reset();
  });
});
