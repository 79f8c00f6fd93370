import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readLocalServices, recordLocalServices } from "../../devtools/local-env";
import {
  fillFromRunningDemo,
  isProcessAlive,
  parseRunningDemo,
  readRunningDemo,
  requireServiceVariable,
  writeRunningDemo,
  type RunningDemo,
} from "../../devtools/running-demo";

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

const demo = (pid: number): RunningDemo => ({
  pid,
  appUrl: "http://localhost:3000",
  meiliHost: "http://127.0.0.1:7700",
  databaseUrl: "postgres://appointments:secret@127.0.0.1:5433/appointments",
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "running-demo-"));
  file = path.join(dir, "running.json");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("parseRunningDemo", () => {
  it("reads a complete file", () => {
    expect(parseRunningDemo(JSON.stringify(demo(42)))).toEqual(demo(42));
  });

  it("drops fields it does not know", () => {
    expect(parseRunningDemo(JSON.stringify({ ...demo(42), extra: true }))).toEqual(demo(42));
  });

  it.each([
    ["not JSON", "{"],
    ["null", "null"],
    ["an array", "[]"],
    ["a missing field", JSON.stringify({ pid: 42, appUrl: "a", meiliHost: "b" })],
    ["a pid that is a string", JSON.stringify({ ...demo(42), pid: "42" })],
    ["a pid of 0", JSON.stringify(demo(0))],
    ["a fractional pid", JSON.stringify(demo(4.2))],
    ["a host that is not a string", JSON.stringify({ ...demo(42), meiliHost: 7700 })],
  ])("rejects %s", (_, text) => {
    expect(parseRunningDemo(text)).toBeUndefined();
  });
});

describe("isProcessAlive", () => {
  it("is true for this process and false for one that has exited", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(deadPid())).toBe(false);
  });
});

describe("readRunningDemo", () => {
  it("returns the demo when its pid is alive", () => {
    writeFileSync(file, JSON.stringify(demo(process.pid)));
    expect(readRunningDemo(file)).toEqual(demo(process.pid));
  });

  it("ignores a file left by a demo that died, a missing file and a broken one", () => {
    writeFileSync(file, JSON.stringify(demo(deadPid())));
    expect(readRunningDemo(file)).toBeUndefined();
    writeFileSync(file, "{");
    expect(readRunningDemo(file)).toBeUndefined();
    expect(readRunningDemo(path.join(dir, "missing.json"))).toBeUndefined();
  });
});

describe("writeRunningDemo", () => {
  it("writes the file readable by its owner only, and its remover deletes it", () => {
    const remove = writeRunningDemo(demo(process.pid), file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(demo(process.pid));
    remove();
    expect(() => statSync(file)).toThrow();
  });

  it("leaves a file that another demo has written since", () => {
    const remove = writeRunningDemo(demo(process.pid), file);
    writeFileSync(file, JSON.stringify(demo(process.pid + 1)));
    remove();
    expect(parseRunningDemo(readFileSync(file, "utf8"))?.pid).toBe(process.pid + 1);
  });
});

describe("fillFromRunningDemo", () => {
  it("fills in each unset variable from a running demo", () => {
    writeFileSync(file, JSON.stringify(demo(process.pid)));
    const env: Record<string, string | undefined> = {};
    expect(fillFromRunningDemo(env, file)).toEqual(["MEILI_HOST", "DATABASE_URL"]);
    expect(env).toEqual({ MEILI_HOST: demo(0).meiliHost, DATABASE_URL: demo(0).databaseUrl });
  });

  it("never overrides a variable that is set", () => {
    writeFileSync(file, JSON.stringify(demo(process.pid)));
    const env: Record<string, string | undefined> = { DATABASE_URL: "postgres://mine@db.example.com/appointments" };
    expect(fillFromRunningDemo(env, file)).toEqual(["MEILI_HOST"]);
    expect(env.DATABASE_URL).toBe("postgres://mine@db.example.com/appointments");
    expect(env.MEILI_HOST).toBe(demo(0).meiliHost);
  });

  it("changes nothing when the demo is not running", () => {
    writeFileSync(file, JSON.stringify(demo(deadPid())));
    const env: Record<string, string | undefined> = {};
    expect(fillFromRunningDemo(env, file)).toEqual([]);
    expect(env).toEqual({});
  });
});

describe("requireServiceVariable", () => {
  it("returns the value when set", () => {
    expect(requireServiceVariable("DATABASE_URL", { DATABASE_URL: "postgres://x@h/db" })).toBe("postgres://x@h/db");
  });

  it("names the variable and both ways to provide it", () => {
    const previous = process.env.APP_DATA_DIR;
    process.env.APP_DATA_DIR = dir;
    try {
      expect(() => requireServiceVariable("DATABASE_URL", {})).toThrow(
        `DATABASE_URL is not set, and no \`npm run demo\` is running (it would have written ${dir}/running.json). ` +
          "Start `npm run demo`, or set DATABASE_URL.",
      );
    } finally {
      if (previous === undefined) delete process.env.APP_DATA_DIR;
      else process.env.APP_DATA_DIR = previous;
    }
  });
});

describe("recordLocalServices", () => {
  const url = "postgres://appointments:secret@127.0.0.1:5433/appointments";

  it("adds its block after the secrets, then replaces it, keeping every other line", () => {
    const env = path.join(dir, ".env.local");
    writeFileSync(env, "# Signs cookies\nNEXTAUTH_SECRET=s3cret");
    recordLocalServices({ DATABASE_URL: url, MEILI_HOST: "http://127.0.0.1:7700" }, env);
    writeFileSync(env, `${readFileSync(env, "utf8")}EXTRA=1\n`);
    recordLocalServices({ DATABASE_URL: url.replace("5433", "5434") }, env);

    const text = readFileSync(env, "utf8");
    expect(text.startsWith("# Signs cookies\nNEXTAUTH_SECRET=s3cret\n# >>> ")).toBe(true);
    expect(text.endsWith("EXTRA=1\n")).toBe(true);
    expect(text.match(/DATABASE_URL=/g)).toHaveLength(1);
    expect(readLocalServices(env)).toEqual({ DATABASE_URL: url.replace("5433", "5434") });
    expect(statSync(env).mode & 0o777).toBe(0o600);
  });

  it("reads nothing from a file without the block, or no file", () => {
    const env = path.join(dir, ".env.local");
    writeFileSync(env, `DATABASE_URL=${url}\n`);
    expect(readLocalServices(env)).toEqual({});
    expect(readLocalServices(path.join(dir, "missing"))).toEqual({});
  });
});
