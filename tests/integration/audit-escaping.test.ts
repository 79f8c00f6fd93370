import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { insertAuditEvent } from "@/lib/db/queries/audit";
import { signIn } from "./support/auth";
import { testDatabase } from "./support/database";

/**
 * Text people typed reaches the audit trail (usernames of failed sign-ins, say), and the trail is
 * read in a terminal. Rows written before the text policy existed may hold anything, so
 * `npm run audit` escapes every unprintable character it prints.
 */
const db = testDatabase("app");

function npmRun(...args: string[]) {
  return spawnSync("npm", ["run", "--silent", ...args], { env: process.env, encoding: "utf8", timeout: 60_000 });
}

/** Any character a terminal would act on or that reorders text, besides the lines' own \n. */
const RAW_UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

describe("npm run audit prints stored text escaped", () => {
  // An old row: a "username" with a right-to-left override, a one-character CSI and a bell.
  const hostile = "mallory\u202egnp.exe\u009b31m\u0007";

  it("a row holding U+202E, U+009B and U+0007 prints \\u202e, \\u009b and \\u0007, by --user and by --patient", async () => {
    await insertAuditEvent(db, {
      event: "sign_in_failed",
      username: hostile,
      patientId: "p-john",
      details: { reason: "invalid\u202e\u2028" },
    });
    for (const args of [
      ["--user", hostile],
      ["--patient", "p-john"],
    ]) {
      const run = npmRun("audit", "--", ...args);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(RAW_UNPRINTABLE);
      const line = run.stdout.split("\n").find((text) => text.includes("mallory"));
      expect(line).toContain("mallory\\u202egnp.exe\\u009b31m\\u0007");
      expect(line).toMatch(/invalid\\u202e\\u2028$/);
    }
  });

  it("the empty answer escapes the name asked for, too", () => {
    const run = npmRun("audit", "--", "--user", "nobody\u202e\u0007");
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('Nothing recorded for user "nobody\\u202e\\u0007".');
  });

  it("a sign-in with such a username is refused before it is recorded: the failure names no one", async () => {
    const { rows: before } = await db.query("select coalesce(max(id), 0)::int as id from audit_events");
    await signIn("john\u202e", "guess-Hunter2");
    const { rows } = await db.query(
      "select event::text, username, details from audit_events where id > $1 order by id",
      [before[0].id],
    );
    expect(rows).toEqual([{ event: "sign_in_failed", username: null, details: { reason: "invalid" } }]);
  });
});
