import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localMeiliMasterKey, meiliMasterKeyFile } from "../../devtools/local-secrets";
import {
  startLocalMeilisearch,
  startThrowawayMeilisearch,
  type MeilisearchServer,
  type ThrowawayMeilisearch,
} from "../../devtools/meilisearch-server";
import { freePort } from "../../devtools/ports";

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

/** What another local user gets when reading `file`: setpriv drops to `nobody` (needs root). */
function readAsNobody(file: string): { status: number | null; stderr: string } {
  const run = spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "cat", file], {
    encoding: "utf8",
  });
  return { status: run.status, stderr: run.stderr.trim() };
}
const asRoot = process.getuid?.() === 0;

describe("the local Meilisearch of npm run demo", () => {
  let checkout: string;
  let server: MeilisearchServer;
  const previousDataDir = process.env.APP_DATA_DIR;

  beforeAll(async () => {
    // A checkout that others can enter, as a clone in a home folder often is, with the folder and
    // log an earlier version left (0755 and 0644): they are tightened too.
    checkout = mkdtempSync(path.join(tmpdir(), "meili-modes-"));
    chmodSync(checkout, 0o755);
    process.env.APP_DATA_DIR = path.join(checkout, ".data");
    mkdirSync(path.join(checkout, ".data", "meilisearch"), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(checkout, ".data", "meilisearch", "meilisearch.log"), "an old line\n", { mode: 0o644 });
    const masterKey = localMeiliMasterKey(() => {});
    server = await startLocalMeilisearch({ masterKey, port: await freePort() });
    // A request line in the log, so there is something to read.
    await fetch(`${server.host}/keys`, { headers: { Authorization: `Bearer ${masterKey}` } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (previousDataDir === undefined) delete process.env.APP_DATA_DIR;
    else process.env.APP_DATA_DIR = previousDataDir;
    rmSync(checkout, { recursive: true, force: true });
  });

  it("keeps its data, log and master key to its owner", () => {
    const folder = path.join(checkout, ".data", "meilisearch");
    expect({
      folder: mode(folder),
      log: mode(server.logFile),
      masterKey: mode(meiliMasterKeyFile()),
      data: mode(server.dbPath),
    }).toEqual({ folder: "700", log: "600", masterKey: "600", data: "700" });
    expect(path.dirname(server.logFile)).toBe(folder);
    expect(path.dirname(meiliMasterKeyFile())).toBe(folder);
  });

  it.runIf(asRoot)("another local user can read neither the log nor the master key", () => {
    for (const file of [server.logFile, meiliMasterKeyFile()]) {
      const read = readAsNobody(file);
      expect(read.status).toBe(1);
      expect(read.stderr).toMatch(/Permission denied/);
    }
  });
});

describe("a throwaway Meilisearch (tests, benchmarks)", () => {
  let server: ThrowawayMeilisearch;
  beforeAll(async () => {
    server = await startThrowawayMeilisearch("meili-modes-throwaway");
  }, 60_000);
  afterAll(() => server?.dispose());

  it("keeps its folder and log to its owner", () => {
    expect({ folder: mode(server.dir), log: mode(server.logFile) }).toEqual({ folder: "700", log: "600" });
  });

  it("runs in production mode: no dashboard at /, whatever the key", async () => {
    for (const headers of [{}, { Authorization: `Bearer ${server.masterKey}` }] as Record<string, string>[]) {
      const response = await fetch(`${server.host}/`, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toEqual({ status: "Meilisearch is running" });
    }
  });
});
