/** A throwaway Meilisearch for a test run: free port, temporary data folder, random master key. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMeilisearch, type MeilisearchServer } from "../../scripts/lib/meilisearch-server";

export interface TestMeilisearch extends MeilisearchServer {
  dispose: () => Promise<void>;
}

export async function startTestMeilisearch(): Promise<TestMeilisearch> {
  const dir = mkdtempSync(path.join(tmpdir(), "appointments-meili-"));
  const server = await startMeilisearch({
    masterKey: randomBytes(24).toString("base64url"),
    dbPath: path.join(dir, "data.ms"),
    logFile: path.join(dir, "meilisearch.log"),
  });
  return {
    ...server,
    dispose: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
