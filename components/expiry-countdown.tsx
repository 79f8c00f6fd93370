"use client";

import { useEffect, useState } from "react";
import { formatCountdown } from "@/lib/browser/format-date";

/** Time left until `expiresAtMs`, ticking every second. */
export function ExpiryCountdown({ expiresAtMs }: { expiresAtMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = expiresAtMs - now;
  return (
    <span role="timer" aria-label="Time left" className="countdown">
      {left > 0 ? formatCountdown(left) : "expired"}
    </span>
  );
}
