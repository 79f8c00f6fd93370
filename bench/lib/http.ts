/**
 * A minimal keep-alive HTTP client for latency measurements. node:http adds less overhead than
 * fetch, and it never asks for compression: Meilisearch's compressed replies on a reused
 * connection stall ~40 ms (Nagle / delayed ACK, docs/meilisearch-facts.md), which would measure the stall
 * rather than the search. Every request sends `Accept-Encoding: identity` explicitly.
 */
import { Agent, request } from "node:http";

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  ms: number;
  headers: Record<string, string | string[] | undefined>;
}

export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

export function postJson<T = unknown>(
  agent: Agent,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  return sendJson<T>(agent, "POST", url, payload, headers);
}

/** One JSON request (POST, PATCH, …); `ms` runs from the call to the last byte of the reply. */
export function sendJson<T = unknown>(
  agent: Agent,
  method: string,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const data = Buffer.from(JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": String(data.length),
          "Accept-Encoding": "identity",
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Not JSON; keep the text for the error message.
          }
          resolve({ status: res.statusCode ?? 0, body: body as T, ms, headers: res.headers });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
