import "client-only";
/**
 * When an open page searches again by itself, to pick up changes made elsewhere (a doctor
 * confirming, a front desk rescheduling): every few seconds while the tab is visible, and when the
 * window regains focus, but never while the user is typing or clicking (a list that shifts under
 * the pointer makes people click the wrong card), nor while a search is already under way or
 * Meilisearch is unreachable (the search client is retrying then).
 */

export const LIVE_REFRESH_MS = 4_000;
/** How long after the last key press, click or input the page keeps still. */
export const QUIET_AFTER_INPUT_MS = 3_000;

export interface RefreshConditions {
  visible: boolean;
  /** InstantSearch's status is "idle": no search running or stalled. */
  idle: boolean;
  available: boolean;
  lastInputAt: number;
  now: number;
}

export function shouldRefresh({ visible, idle, available, lastInputAt, now }: RefreshConditions): boolean {
  return visible && idle && available && now - lastInputAt >= QUIET_AFTER_INPUT_MS;
}
