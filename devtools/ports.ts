/** Loopback ports for the servers the tools start: the one asked for if free, else any free one. */
import { createServer } from "node:net";

export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `wanted` if it is free, else any free port. */
export async function portFor(wanted: number): Promise<number> {
  return (await isPortFree(wanted)) ? wanted : await freePort();
}
