import { spawn } from "node:child_process";
import { once } from "node:events";
import { NEXT_BIN } from "../../../devtools/next-app";
import { freePort } from "../../../devtools/ports";
import type { StackInfo } from "./stack-info";

export interface AppServer {
  url: string;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * One more `next start` of the stack's build, on the stack's Meilisearch and Postgres, with settings of a test's
 * choosing (a bad secret, tight limits). Ready as soon as it answers at all: a misconfigured server
 * answers its health check with 503, on purpose.
 */
export async function startAppServer(stack: StackInfo, env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "localhost"], {
    env: {
      ...process.env,
      MEILI_HOST: stack.meiliHost,
      MEILI_ADMIN_KEY: stack.serverKey,
      MEILI_MASTER_KEY: "",
      MEILI_INDEX: stack.indexUid,
      DATABASE_URL: stack.databaseUrl,
      DATABASE_OWNER_URL: "",
      NEXTAUTH_SECRET: stack.nextAuthSecret,
      NEXTAUTH_URL: url,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  for (const stream of [child.stdout, child.stderr])
    stream.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const output = () => printed;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await once(child, "exit");
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      return { url, output, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stop();
  throw new Error(`next start on ${url} did not answer within 60 s`);
}

/** Runs `use` with a server of its own, and stops the server afterwards, whatever happens. */
export async function withAppServer<T>(
  stack: StackInfo,
  env: Record<string, string>,
  use: (server: AppServer) => Promise<T>,
): Promise<T> {
  const server = await startAppServer(stack, env);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}
