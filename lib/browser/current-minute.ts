import "client-only";
import { useSyncExternalStore } from "react";

const MINUTE_MS = 60_000;
const currentMinute = () => Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
function subscribeToMinutes(onChange: () => void) {
  const timer = setInterval(onChange, MINUTE_MS / 4);
  return () => clearInterval(timer);
}

/**
 * "Now", to the minute: memoized cards see the same value from one keystroke to the next, and
 * "in 3 days" turns into "in 2 days" (and Cancel disappears from a past appointment) while the
 * page stays open.
 */
export function useCurrentMinute(): Date {
  return new Date(useSyncExternalStore(subscribeToMinutes, currentMinute, currentMinute));
}
