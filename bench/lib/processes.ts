/**
 * Everything the harness starts is registered here and stopped on the way out: at the end, on an
 * error, and on Ctrl-C / SIGTERM. Children run in their own process group (`detached`), so a
 * group kill also reaches what they start themselves (npm -> tsx -> node, next start's workers).
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { stopProcessGroup } from "../../devtools/processes";

type Cleanup = () => Promise<void> | void;

const cleanups: { label: string; run: Cleanup }[] = [];
let exiting = false;

export function onCleanup(label: string, run: Cleanup): () => void {
  const entry = { label, run };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Runs every cleanup, newest first. Safe to call more than once. */
export async function cleanupAll(): Promise<void> {
  while (cleanups.length > 0) {
    const { label, run } = cleanups.pop()!;
    try {
      await run();
    } catch (error) {
      console.error(`[bench] cleanup "${label}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function installSignalHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (exiting) return;
      exiting = true;
      console.error(`\n[bench] ${signal}: stopping everything…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

export interface ManagedChild {
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Spawns a child in its own process group and registers its stop. */
export function spawnManaged(label: string, command: string, args: string[], options: SpawnOptions): ManagedChild {
  const child = spawn(command, args, { ...options, detached: true });
  const unregister = onCleanup(label, () => stopProcessGroup(child));
  const stop = async () => {
    unregister();
    await stopProcessGroup(child);
  };
  return { child, stop };
}
