/**
 * Child processes that the scripts and the e2e stack start (Meilisearch, `next build`, `next
 * start`): each runs in its own process group under a watchdog, and is stopped in order on the
 * way out.
 */
import { spawn, type ChildProcess, type IOType } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

const WATCHDOG = path.join(import.meta.dirname, "parent-watchdog.mjs");

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in a folder of PATH, as a shell would find it. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = dir && path.join(dir, name);
    if (candidate && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Resolves with the child's exit code (1 if a signal ended it), also when it has already exited. */
export function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? 1);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export interface SupervisedOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdin, stdout, stderr. stdin must not be the terminal: the child is not in its foreground group. */
  stdio: ["ignore", IOType | number, IOType | number];
}

/**
 * Spawns `command` in its own process group, through devtools/parent-watchdog.mjs, which
 * stops it if this process dies without doing so (SIGKILL, a crash). The returned process is the
 * watchdog: it leads the group and exits only after the command has.
 *
 * The own group means Ctrl-C reaches this process alone, which then stops its children in order
 * (the app before Meilisearch), and that a group signal also reaches what the command starts.
 */
export function spawnSupervised(command: string, args: string[], { cwd, env, stdio }: SupervisedOptions): ChildProcess {
  return spawn(process.execPath, [WATCHDOG, command, ...args], { cwd, env, stdio: [...stdio, "ipc"], detached: true });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves once the child has
 * exited. Grandchildren that outlive the leader are killed too: the group id stays valid while any
 * member lives.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, "SIGTERM");
    const kill = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
    await exitCode(child);
    clearTimeout(kill);
  }
  signalGroup(child, "SIGKILL");
}

export interface Shutdown {
  /** Stops `child` on shutdown, unless it has exited by then. */
  track: (child: ChildProcess) => ChildProcess;
  /** Stops the tracked children, then runs `afterChildren`, then exits. Later calls are ignored. */
  run: (code: number) => Promise<void>;
}

/**
 * One orderly way out for a script that runs children: on Ctrl-C, SIGTERM, SIGHUP or an explicit
 * `run(code)`. Calls after the first are ignored, so a child exiting because of the shutdown does
 * not start a second one.
 */
export function createShutdown({
  afterChildren,
  log,
}: {
  afterChildren: () => Promise<void>;
  log: (line: string) => void;
}): Shutdown {
  const children = new Set<ChildProcess>();
  let running: Promise<void> | undefined;
  const run = (code: number) => {
    running ??= (async () => {
      log("Stopping…");
      await Promise.all([...children].map((child) => stopProcessGroup(child)));
      await afterChildren();
      process.exit(code);
    })();
    return running;
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void run(0));
  return {
    track: (child) => {
      children.add(child);
      child.once("exit", () => children.delete(child));
      return child;
    },
    run,
  };
}
