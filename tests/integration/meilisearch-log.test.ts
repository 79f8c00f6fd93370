import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { sessionKeyUid } from "@/lib/meilisearch/session-keys";
import { requestToken, signOut, tokenFor } from "./support/auth";

const { logFile } = inject("meili");

const readLog = () => readFileSync(logFile, "utf8").replace(/\x1b\[[0-9;]*m/g, "");

/** Meilisearch's log (colours removed), once it matches `pattern`: it writes asynchronously. */
async function logOnceItMatches(pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 5_000;
  let log = readLog();
  while (!pattern.test(log) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    log = readLog();
  }
  return log;
}

describe("Meilisearch's log", () => {
  it("names a session's key by its derived uid, never by the session id", async () => {
    // Sign-in creates the key, a rejected-token refresh reads it, sign-out deletes it: each a
    // request line with the key's uid in its path.
    const { cookie, sessionId } = await tokenFor("kevin");
    expect((await requestToken(cookie, "rejected")).status).toBe(200);
    await signOut(cookie);
    const uid = sessionKeyUid(sessionId);
    const deleted = new RegExp(`method=DELETE [^\\n]*route=/keys/${uid} `);
    const log = await logOnceItMatches(deleted);
    expect(log).toMatch(deleted);
    expect(log).toMatch(new RegExp(`method=GET [^\\n]*route=/keys/${uid} `));
    expect(log).not.toContain(sessionId);
    expect(uid).not.toBe(sessionId);
  });
});
