import "client-only";
/**
 * Holds the browser's current tenant token in memory only (never localStorage), refreshes it
 * before it expires, and collapses concurrent refreshes into one request.
 * Pure logic with injected fetch and clock, so it is unit-tested without a browser.
 */

import type { TokenGrant, TokenReason } from "../common/token-contract";

export type TokenFetcher = (reason: TokenReason) => Promise<Pick<TokenGrant, "token" | "expiresAt">>;

export class TokenStore {
  private current: { token: string; expiresAtMs: number; ttlMs: number } | undefined;
  private inflight: Promise<string> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by `reset()`, so a request that was in flight then cannot bring an old token back. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly fetchToken: TokenFetcher,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token with time left on it: the current one, or a fresh one if it is about to expire. */
  async get(): Promise<string> {
    const current = this.current;
    if (current && current.expiresAtMs - this.now() > this.margin(current.ttlMs)) return current.token;
    return this.refresh(current ? "expiring" : "initial");
  }

  /** Fetches a new token now. Concurrent callers share one request. */
  refresh(reason: TokenReason): Promise<string> {
    const generation = this.generation;
    const request = (this.inflight ??= this.fetchToken(reason)
      .then((grant) => this.accept(grant, generation))
      .finally(() => {
        if (this.inflight === request) this.inflight = undefined;
      }));
    return request;
  }

  /** Forgets the token and stops refreshing: on sign-out and unmount. The next `get()` starts afresh. */
  reset(): void {
    this.generation += 1;
    this.current = undefined;
    this.inflight = undefined;
    clearTimeout(this.timer);
    this.notify();
  }

  /** The token in memory right now, without fetching one: for display (the token panel) only. */
  peek(): string | undefined {
    return this.current?.token;
  }

  /** Calls `listener` whenever the token changes. Shaped for React's `useSyncExternalStore`. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private accept(grant: Pick<TokenGrant, "token" | "expiresAt">, generation: number): string {
    if (generation !== this.generation) throw new Error("The search session was reset.");
    const expiresAtMs = Date.parse(grant.expiresAt);
    if (!grant.token || Number.isNaN(expiresAtMs)) throw new Error("The token response was malformed.");
    const ttlMs = Math.max(expiresAtMs - this.now(), 0);
    this.current = { token: grant.token, expiresAtMs, ttlMs };
    this.scheduleRefresh(expiresAtMs - this.margin(ttlMs));
    this.notify();
    return grant.token;
  }

  /** Refresh a little ahead: a fifth of the lifetime, at most a minute. */
  private margin(ttlMs: number): number {
    return Math.min(ttlMs / 5, 60_000);
  }

  // Background refresh keeps the next keystroke fast; `get()` re-checks anyway, because timers
  // are throttled in background tabs and stop while a laptop sleeps.
  private scheduleRefresh(atMs: number): void {
    clearTimeout(this.timer);
    const delay = Math.max(atMs - this.now(), 1_000);
    this.timer = setTimeout(() => {
      this.refresh("expiring").catch(() => {
        // The next search retries and reports the failure where the user can see it.
      });
    }, delay);
  }
}
