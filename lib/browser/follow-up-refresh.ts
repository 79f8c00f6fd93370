import "client-only";
import { useCallback, useEffect, useRef } from "react";

/**
 * After a write answered 202 (saved, not searchable yet): search again a few times over the next
 * seconds, so the change shows up as soon as it is indexed rather than at the next live refresh,
 * which also waits for the user to stop typing and clicking.
 */
const FOLLOW_UP_DELAYS_MS = [1_000, 2_500, 5_000, 10_000];

export function useFollowUpRefresh(refresh: () => void): () => void {
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(
    () => () => {
      for (const timer of timers.current) clearTimeout(timer);
    },
    [],
  );
  return useCallback(() => {
    for (const timer of timers.current) clearTimeout(timer);
    timers.current = FOLLOW_UP_DELAYS_MS.map((ms) => setTimeout(refresh, ms));
  }, [refresh]);
}
