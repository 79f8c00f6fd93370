"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { useInstantSearch } from "react-instantsearch";
import { LIVE_REFRESH_MS, shouldRefresh } from "@/lib/browser/live-refresh";
import type { Availability } from "@/lib/browser/tenant-http-client";

/**
 * Searches again now and then (see lib/browser/live-refresh.ts), so changes made by others show
 * up without a reload. `refresh()` clears the result cache (InstantSearch's and, through it, the
 * search client's) and repeats the current search: the query, filters, page and scroll position stay,
 * and cards keep their state (an open reschedule form, a pending confirmation) because they are
 * keyed by appointment id.
 */
export function LiveRefresh({ availability }: { availability: Availability }) {
  const { refresh, status } = useInstantSearch();
  const available = useSyncExternalStore(availability.subscribe, availability.get, () => true);
  const state = useRef({ idle: status === "idle", available });
  useEffect(() => {
    state.current = { idle: status === "idle", available };
  }, [status, available]);

  useEffect(() => {
    let lastInputAt = 0;
    const onInput = () => {
      lastInputAt = Date.now();
    };
    const tick = () => {
      const visible = document.visibilityState === "visible";
      if (shouldRefresh({ visible, ...state.current, lastInputAt, now: Date.now() })) refresh();
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === "visible") tick();
    };
    const timer = setInterval(tick, LIVE_REFRESH_MS);
    const options = { capture: true, passive: true };
    for (const type of ["keydown", "pointerdown", "input"] as const) document.addEventListener(type, onInput, options);
    window.addEventListener("focus", tick);
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      clearInterval(timer);
      for (const type of ["keydown", "pointerdown", "input"] as const)
        document.removeEventListener(type, onInput, options);
      window.removeEventListener("focus", tick);
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [refresh]);

  return null;
}
