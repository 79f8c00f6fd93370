/**
 * What `npm run reindex -- --check` found, and how it reads. Pure: no I/O, so the comparison and
 * the wording are unit-tested on their own (the walk over Postgres and Meilisearch that feeds
 * these is in drift-check.ts).
 */
import "server-only";
import type { TenantAttribute } from "../common/tenant";

const DRIFT_KINDS = ["missing", "extra", "different"] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];
export type DriftCounts = Record<DriftKind, number>;

/** A Postgres id is a number; a document added behind the app's back may have any id. */
export type DocumentId = number | string;

const KIND_LABELS: Record<DriftKind, string> = {
  missing: "missing   (in Postgres, not in the index)",
  extra: "extra     (in the index, not in Postgres)",
  different: "different (same id, a field differs)",
};

/** The order of the per-tenant sections, widest tenant first. */
const TENANT_SECTIONS: readonly { attribute: TenantAttribute; singular: string; plural: string }[] = [
  { attribute: "clinic_id", singular: "clinic", plural: "clinics" },
  { attribute: "doctor_id", singular: "doctor", plural: "doctors" },
  { attribute: "patient_id", singular: "patient", plural: "patients" },
];

/** Shown for a document that lacks the attribute: no token of that kind can see it. */
export const NO_TENANT = "(none)";

const EXAMPLES_PER_KIND = 5;
const EXAMPLES_PER_TENANT = 3;

const zero = (): DriftCounts => ({ missing: 0, extra: 0, different: 0 });
const total = (counts: DriftCounts) => counts.missing + counts.extra + counts.different;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Only a document edited behind the app's back holds arrays or objects; compare them by content.
  return (
    typeof a === "object" &&
    typeof b === "object" &&
    a !== null &&
    b !== null &&
    JSON.stringify(a) === JSON.stringify(b)
  );
}

/**
 * The fields in which the index's document differs from the one Postgres says it should be: every
 * field of either side, compared by type and value (`"5"` is not `5`), in the expected document's
 * order, then fields only the index has.
 */
export function differingFields(expected: object, actual: object): string[] {
  const want = expected as Record<string, unknown>;
  const have = actual as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(want), ...Object.keys(have)])];
  return keys.filter((key) => !(key in want) || !(key in have) || !sameValue(want[key], have[key]));
}

function tenantLabel(value: unknown): string {
  if (value === undefined || value === null || value === "") return NO_TENANT;
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface TenantDrift extends DriftCounts {
  examples: DocumentId[];
}

export interface DriftExample {
  id: DocumentId;
  /** For `different`: the fields that differ. */
  fields?: string[];
}

/**
 * Counts drift in total and per tenant, keeping a few example ids. Memory grows with the number of
 * tenants that have drift, never with the number of documents.
 */
export class DriftTally {
  readonly totals = zero();
  readonly examples: Record<DriftKind, DriftExample[]> = { missing: [], extra: [], different: [] };
  readonly tenants: Record<TenantAttribute, Map<string, TenantDrift>> = {
    clinic_id: new Map(),
    doctor_id: new Map(),
    patient_id: new Map(),
  };
  /** Differences explained by an outbox row: committed in Postgres, not yet (or only just) indexed. */
  syncing = 0;
  readonly syncingExamples: DocumentId[] = [];

  /**
   * One drifted document. `sides` are the versions that exist (Postgres's, the index's, or both):
   * it counts once under each tenant either names, so a document whose `patient_id` was changed
   * in the index shows under both patients, the one who lost it and the one who can now see it.
   */
  record(
    kind: DriftKind,
    id: DocumentId,
    sides: readonly [object] | readonly [object, object],
    fields?: string[],
  ): void {
    this.totals[kind]++;
    if (this.examples[kind].length < EXAMPLES_PER_KIND) this.examples[kind].push(fields ? { id, fields } : { id });
    for (const { attribute } of TENANT_SECTIONS) {
      const map = this.tenants[attribute];
      for (let i = 0; i < sides.length; i++) {
        const name = tenantLabel((sides[i] as Record<string, unknown>)[attribute]);
        if (i === 1 && name === tenantLabel((sides[0] as Record<string, unknown>)[attribute])) continue;
        let drift = map.get(name);
        if (!drift) map.set(name, (drift = { missing: 0, extra: 0, different: 0, examples: [] }));
        drift[kind]++;
        // Copied at exact length: push() would reserve room for 16 ids in each of 100,000 patients.
        if (drift.examples.length < EXAMPLES_PER_TENANT) drift.examples = [...drift.examples, id];
      }
    }
  }

  recordSyncing(id: DocumentId): void {
    this.syncing++;
    if (this.syncingExamples.length < EXAMPLES_PER_KIND) this.syncingExamples.push(id);
  }

  get hasDrift(): boolean {
    return total(this.totals) > 0;
  }
}

export interface DriftReport {
  tally: DriftTally;
  indexUid: string;
  /** Documents Postgres says the index should hold. */
  expectedDocuments: number;
  /** Documents the index held (as counted while walking it). */
  indexDocuments: number;
  seconds: number;
}

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;
const countsText = (c: DriftCounts) =>
  `${count(c.missing)} missing · ${count(c.extra)} extra · ${count(c.different)} different`;

function exampleText({ id, fields }: DriftExample): string {
  return fields ? `${id} (${fields.join(", ")})` : String(id);
}

/**
 * The report as lines: totals with example ids, then per clinic, doctor and patient (only tenants
 * with drift, most drift first, at most `listLimit` each and how many more), then the changes
 * still syncing, then what to do.
 */
export function formatDriftReport(report: DriftReport, { listLimit = 20 }: { listLimit?: number } = {}): string[] {
  const { tally } = report;
  const lines = [
    `Compared ${plural(report.expectedDocuments, "appointment", "appointments")} in Postgres with ` +
      `${plural(report.indexDocuments, "document", "documents")} in index "${report.indexUid}" (${report.seconds.toFixed(1)} s)`,
  ];
  if (!tally.hasDrift) {
    lines.push("No drift: the index holds exactly what Postgres says it should.");
  } else {
    lines.push(`Drift: ${countsText(tally.totals)}`);
    for (const kind of DRIFT_KINDS) {
      const n = tally.totals[kind];
      const examples = tally.examples[kind].map(exampleText).join(", ");
      lines.push(`  ${KIND_LABELS[kind]}: ${count(n)}${n > 0 ? `, e.g. ${examples}` : ""}`);
    }
    for (const { attribute, singular, plural: many } of TENANT_SECTIONS) {
      const drifted = [...tally.tenants[attribute]].sort(
        ([a, x], [b, y]) => total(y) - total(x) || (a < b ? -1 : a > b ? 1 : 0),
      );
      lines.push(`By ${singular} (${plural(drifted.length, singular, many)} with drift):`);
      const width = Math.max(...drifted.slice(0, listLimit).map(([name]) => name.length));
      for (const [name, drift] of drifted.slice(0, listLimit)) {
        lines.push(`  ${name.padEnd(width)}  ${countsText(drift)}  e.g. ${drift.examples.join(", ")}`);
      }
      if (drifted.length > listLimit)
        lines.push(`  … and ${plural(drifted.length - listLimit, `more ${singular}`, `more ${many}`)}`);
    }
  }
  if (tally.syncing > 0) {
    lines.push(
      `${plural(tally.syncing, "change", "changes")} still syncing, not drift (committed in Postgres, not yet in ` +
        `the index; an app server's sync worker sends them), e.g. ${tally.syncingExamples.join(", ")}`,
    );
  }
  if (tally.hasDrift) lines.push("Run `npm run reindex` to repair.");
  return lines;
}
