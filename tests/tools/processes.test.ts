import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive, waitFor } from "./support/processes";

const TSX = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
const PARENT = path.join(import.meta.dirname, "fixtures/supervising-parent.ts");

const started: ChildProcess[] = [];
const pids: number[] = [];

afterEach(() => {
  for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  for (const parent of started.splice(0)) parent.kill("SIGKILL");
});

/** Starts the fixture and collects what it prints until the supervised child has reported. */
function startParent(
  args: string[] = [],
): Promise<{ output: () => string; parent: number; watchdog: number; child: number }> {
  const fixture = spawn(TSX, [PARENT, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  started.push(fixture);
  let output = "";
  return new Promise((resolve, reject) => {
    fixture.once("exit", (code) => reject(new Error(`the fixture exited with ${code} before reporting: ${output}`)));
    fixture.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const parent = /parent (\d+) watchdog (\d+)/.exec(output);
      const child = /child (\d+)/.exec(output);
      if (!parent || !child) return;
      const found = { parent: Number(parent[1]), watchdog: Number(parent[2]), child: Number(child[1]) };
      pids.push(found.child, found.watchdog);
      resolve({ output: () => output, ...found });
    });
  });
}

describe("spawnSupervised", () => {
  it("stops the command when its parent is killed with SIGKILL", async () => {
    const { parent, watchdog, child } = await startParent();
    expect(isAlive(child)).toBe(true);
    process.kill(parent, "SIGKILL");
    expect(await waitFor(() => !isAlive(child), 20_000)).toBe(true);
    expect(await waitFor(() => !isAlive(watchdog), 20_000)).toBe(true);
  });

  it("puts the command in its own process group, led by the watchdog", async () => {
    const { watchdog, child } = await startParent();
    // A group signal reaches every member: the child dies although only the group was named.
    process.kill(-watchdog, "SIGTERM");
    expect(await waitFor(() => !isAlive(child), 20_000)).toBe(true);
  });
});

describe("stopProcessGroup", () => {
  it("resolves only once the command has exited", async () => {
    const { output, child } = await startParent(["--stop"]);
    expect(await waitFor(() => output().includes("stopped"), 20_000)).toBe(true);
    // SIGTERM ended the child, so the watchdog exits with 1 (see parent-watchdog.mjs).
    expect(output()).toMatch(/stopped 1\n/);
    expect(isAlive(child)).toBe(false);
  });
});
