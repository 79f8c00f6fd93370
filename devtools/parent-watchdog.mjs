// Runs one command and stops it when the process that started this watchdog dies, however it dies.
// Spawned by devtools/processes.ts (spawnSupervised) as `node parent-watchdog.mjs <command> [args…]`
// with an IPC channel. Plain JavaScript, so it starts with `node` alone, without tsx.
//
// Why an IPC channel rather than polling the parent's pid: the kernel closes the channel's socket
// when the parent exits, on SIGKILL and crashes too, and Node reports it at once as "disconnect".
// A polled pid can be reused by an unrelated process, and a reparented child (ppid 1, or a
// container's subreaper) is not a reliable signal either. Linux's PR_SET_PDEATHSIG would work, but
// only on Linux and only through a native call or util-linux's `setpriv`.
import { spawn } from "node:child_process";

const GRACE_MS = 5_000;
const [command, ...args] = process.argv.slice(2);
if (!command || !process.send) {
  console.error("parent-watchdog: spawn me with an IPC channel and a command to run");
  process.exit(2);
}

const child = spawn(command, args, { stdio: "inherit" });
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
  setTimeout(() => child.kill("SIGKILL"), GRACE_MS).unref();
}

process.on("disconnect", () => stop("SIGTERM"));
// A signal sent to the whole process group reaches the child as well. Stay alive until it has
// exited, so that whoever waits for this watchdog also waits for the child.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => stop(signal));

child.on("error", (error) => {
  console.error(`parent-watchdog: cannot run ${command}: ${error.message}`);
  process.exit(127);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
