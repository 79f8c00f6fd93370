import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_DEFAULTS, LOCAL_TOOL_VARIABLES } from "@/lib/env-defaults";
import { APP_ENV_FIELDS, ENV_VARIABLES } from "@/lib/env";
import { dataDir, ROOT } from "../../devtools/local-env";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** `# NAME=value` lines of .env.example: every variable is listed, commented out, with its default or an example. */
function exampleValues(): Map<string, string> {
  const lines = read(".env.example").split("\n");
  return new Map(lines.flatMap((line) => [...line.matchAll(/^# ([A-Z][A-Z0-9_]*)=(.*)$/g)].map((m) => [m[1]!, m[2]!])));
}

/** The README's environment table: variable -> its "default" cell. */
function readmeDefaults(): Map<string, string> {
  const section = read("README.md").split("\n## Environment\n")[1]!.split("\n## ")[0]!;
  return new Map([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

describe("every variable's default has one home (lib/env-defaults.ts)", () => {
  it("the app server's schema defaults exactly the variables the table lists", () => {
    const defaulted = Object.entries(APP_ENV_FIELDS).flatMap(([name, field]) => {
      const parsed = field.safeParse(undefined);
      return parsed.success && parsed.data !== undefined ? [name] : [];
    });
    const appDefaults = Object.keys(ENV_DEFAULTS).filter(
      (name) => !(LOCAL_TOOL_VARIABLES as readonly string[]).includes(name),
    );
    expect(defaulted.sort()).toEqual(appDefaults.sort());
  });

  it(".env.example lists every variable the project reads, and nothing else", () => {
    expect([...exampleValues().keys()].sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it(".env.example shows each defaulted variable at its default", () => {
    const example = exampleValues();
    for (const [name, value] of Object.entries(ENV_DEFAULTS)) expect(example.get(name), name).toBe(value);
  });

  it("the README's environment table names every variable, with the same defaults", () => {
    const readme = readmeDefaults();
    expect([...readme.keys()].sort()).toEqual([...ENV_VARIABLES].sort());
    for (const [name, value] of Object.entries(ENV_DEFAULTS)) expect(readme.get(name), name).toBe(`\`${value}\``);
  });

  it("the local tools' data folder defaults to the table's", () => {
    const saved = process.env.APP_DATA_DIR;
    delete process.env.APP_DATA_DIR;
    try {
      expect(dataDir()).toBe(path.resolve(ROOT, ENV_DEFAULTS.APP_DATA_DIR));
    } finally {
      if (saved !== undefined) process.env.APP_DATA_DIR = saved;
    }
  });
});
