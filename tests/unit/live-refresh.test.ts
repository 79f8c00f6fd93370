import { describe, expect, it } from "vitest";
import { QUIET_AFTER_INPUT_MS, shouldRefresh } from "@/lib/browser/live-refresh";

const base = { visible: true, idle: true, available: true, lastInputAt: 0, now: 100_000 };

describe("shouldRefresh", () => {
  it("refreshes a visible, idle page nobody is typing in", () => {
    expect(shouldRefresh(base)).toBe(true);
  });

  it("keeps still while the user types or clicks, and resumes after a quiet moment", () => {
    expect(shouldRefresh({ ...base, lastInputAt: base.now - 500 })).toBe(false);
    expect(shouldRefresh({ ...base, lastInputAt: base.now - QUIET_AFTER_INPUT_MS })).toBe(true);
  });

  it("never in a hidden tab, during a search, or while Meilisearch is unreachable", () => {
    expect(shouldRefresh({ ...base, visible: false })).toBe(false);
    expect(shouldRefresh({ ...base, idle: false })).toBe(false);
    expect(shouldRefresh({ ...base, available: false })).toBe(false);
  });
});
