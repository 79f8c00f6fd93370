/**
 * `npm run audit -- --user <username>`: everything recorded about one user.
 * `npm run audit -- --patient <patient id>`: who could read that patient's appointments (every
 * token whose rules covered them: searches go from the browser straight to Meilisearch, so the
 * token issuance is the access record) and who changed them. Oldest first. Runs beside a running
 * `npm run demo` with no extra environment, or with DATABASE_URL set.
 */
import { parseArgs } from "node:util";
import {
  findAuditEventsAboutPatient as patientTrail,
  findAuditEventsOfUser as userTrail,
  type AuditRow,
} from "../lib/db/queries/audit";
import { normalizeUsername } from "../lib/auth/accounts";
import { escapeUnprintable } from "../lib/common/text-policy";
import { closeDb } from "../lib/db/client";
import { loadScriptEnv } from "../devtools/script-services";
import { formatTable } from "../devtools/table";

const USAGE = "Usage: npm run audit -- --user <username> | --patient <patient id>";

/** The `details` each event records (lib/auth/sessions.ts, lib/appointments/writes.ts, …). */
interface Details {
  searchRules?: Record<string, { filter?: string }>;
  expiresAt?: string;
  reason?: string;
  sessions?: unknown[];
  by?: string;
  doctorId?: string;
  scheduledAt?: string;
  action?: string;
  from?: { status: string; scheduledAt: string };
  to?: { status: string; scheduledAt: string };
  write?: string;
  retryAfterSeconds?: number;
}

/** One line saying what happened, per kind of event. */
function summarize(row: AuditRow): string {
  const d: Details = row.details;
  switch (row.event) {
    case "token_issued": {
      const rules = Object.values(d.searchRules ?? {});
      return `${rules.map((rule) => rule.filter).join("; ")} until ${d.expiresAt} (${d.reason})`;
    }
    case "sign_in_failed":
      return d.reason === "invalid" ? "wrong username or password" : String(d.reason);
    case "sessions_revoked":
    case "account_deactivated":
      return `${d.sessions?.length ?? 0} live session(s) revoked${d.by ? ` by ${d.by}` : ""}`;
    case "account_activated":
      return d.by ? `by ${d.by}` : "";
    case "appointment_booked":
      return `with ${d.doctorId} at ${d.scheduledAt}`;
    case "appointment_changed":
      return d.from?.scheduledAt === d.to?.scheduledAt
        ? `${d.action}: ${d.from?.status} -> ${d.to?.status}`
        : `${d.action}: ${d.from?.scheduledAt} -> ${d.to?.scheduledAt} (${d.to?.status})`;
    case "write_rate_limited":
      return `${d.write === "book" ? "booking" : "change"} refused: too many writes, retry after ${d.retryAfterSeconds} s`;
    default:
      return Object.keys(d).length > 0 ? JSON.stringify(d) : "";
  }
}

/**
 * Every cell, and the "nothing recorded" line, goes through escapeUnprintable: a stored value
 * (typed by anyone, possibly before the text policy existed) must not reorder, hide or rewrite
 * what the terminal shows.
 */
function print(rows: AuditRow[], empty: string): void {
  if (rows.length === 0) {
    console.log(escapeUnprintable(empty));
    return;
  }
  const table = rows.map((row) =>
    [
      row.at.toISOString().replace(/\.\d+Z$/, "Z"),
      row.event,
      row.username ?? "-",
      row.sessionId?.slice(0, 8) ?? "-",
      row.patientId ?? "-",
      row.appointmentId === null ? "-" : String(row.appointmentId),
      summarize(row),
    ].map(escapeUnprintable),
  );
  console.log(formatTable(["at (UTC)", "event", "user", "session", "patient", "appointment", "what"], table));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { user: { type: "string" }, patient: { type: "string" } } });
  if (Boolean(values.user) === Boolean(values.patient)) throw new Error(USAGE);
  loadScriptEnv("DATABASE_URL");
  if (values.user) {
    const username = normalizeUsername(values.user) ?? values.user;
    print(await userTrail(username), `Nothing recorded for user "${username}".`);
  } else {
    print(await patientTrail(values.patient!), `Nothing recorded for patient "${values.patient}".`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  })
  .finally(() => closeDb());
