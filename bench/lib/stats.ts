/** Small statistics helpers: percentiles of samples, and "median (min–max)" across rounds. */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: an actual sample, never an interpolation between two.
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** One figure across rounds: the median, with the spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  rounds: number[];
}

export function spread(rounds: readonly number[]): Spread {
  return { median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds), rounds: [...rounds] };
}

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "1.23 (1.10–1.40)"; a single round prints just the value. */
export function fmtSpread(s: Spread, digits = 1, unit = ""): string {
  const value = `${fmt(s.median, digits)}${unit}`;
  if (s.rounds.length < 2) return value;
  return `${value} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}
