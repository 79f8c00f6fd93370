/**
 * `npm run users -- list | deactivate <username> | activate <username> | cleanup`, beside a running
 * `npm run demo` with no extra environment (or with DATABASE_URL and MEILI_HOST set, and for
 * deactivate and activate DATABASE_OWNER_URL too). Every change is committed, and the Meilisearch
 * keys it ends are deleted, before the command exits.
 */
import { activateAccount, deactivateAccount, listAccounts } from "../lib/auth/account-admin";
import { CLEANUP_INTERVAL_MS, cleanupUnderLock } from "../lib/auth/session-cleanup";
import { closeDb } from "../lib/db/client";
import { databaseOwnerUrl } from "../devtools/database-owner";
import { loadScriptEnv } from "../devtools/script-services";
import { formatTable } from "../devtools/table";

const USAGE = "Usage: npm run users -- list | deactivate <username> | activate <username> | cleanup";

class UsageError extends Error {}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function keysLeft(pending: number): string {
  return (
    `${plural(pending, "session key")} could not be deleted from Meilisearch now (is it running?). ` +
    `The sessions are revoked, so they get no new token; the app's cleanup deletes the keys within ${CLEANUP_INTERVAL_MS / 1000} s ` +
    "of Meilisearch answering, or run `npm run users -- cleanup`."
  );
}

async function run(command: string | undefined, username: string | undefined): Promise<number> {
  loadScriptEnv("DATABASE_URL", ...(command === "list" ? [] : (["MEILI_HOST"] as const)));
  const needsName = command === "deactivate" || command === "activate";
  if (needsName && !username) throw new UsageError(`${command} needs a username.\n${USAGE}`);
  // Switching an account on or off changes `accounts`, which the app's role only reads: these run
  // as the owner. The lib code connects through DATABASE_URL, so that is the owner's here.
  if (needsName) process.env.DATABASE_URL = databaseOwnerUrl();

  switch (command) {
    case "list": {
      const accounts = await listAccounts();
      const rows = accounts.map((a) => [
        a.username,
        a.role,
        a.tenantId,
        a.active ? "yes" : "NO",
        String(a.liveSessions),
        a.displayName,
      ]);
      console.log(formatTable(["username", "role", "tenant", "active", "live sessions", "name"], rows));
      return 0;
    }
    case "deactivate": {
      const result = await deactivateAccount(username!);
      console.log(
        `${result.wasActive ? "Deactivated" : "Already deactivated:"} ${result.username}; ` +
          `revoked ${plural(result.revoked, "live session")}, deleted ${plural(result.keysDeleted, "Meilisearch key")}.`,
      );
      if (result.keysPending > 0) {
        console.error(keysLeft(result.keysPending));
        return 1;
      }
      return 0;
    }
    case "activate": {
      const result = await activateAccount(username!);
      console.log(result.wasActive ? `${result.username} was already active.` : `Activated ${result.username}.`);
      return 0;
    }
    case "cleanup": {
      const result = await cleanupUnderLock();
      if (!result) {
        console.log("Another process is running the cleanup right now; nothing to do.");
        return 0;
      }
      console.log(
        `Deleted ${plural(result.keysDeleted, "Meilisearch key")} of ended sessions and ` +
          `${plural(result.rowsDeleted, "session row")} expired for over a day.`,
      );
      if (result.keysPending > 0) {
        console.error(keysLeft(result.keysPending));
        return 1;
      }
      return 0;
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  }
}

const [command, username] = process.argv.slice(2);
run(command, username)
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    console.error(
      error instanceof UsageError
        ? error.message
        : `users ${command ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  })
  .finally(() => closeDb());
