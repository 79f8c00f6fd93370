import "server-only";
import http from "node:http";
import { ERROR_STATUS, NO_STORE_HEADERS, type ErrorBody } from "./errors";

/**
 * Methods Node's HTTP parser accepts but the Fetch standard forbids in a `Request`: Next.js throws
 * building the request for proxy.ts, which answers 500 and logs a stack trace for every TRACE (a
 * cheap way to fill the log). They are answered 405 here, before Next.js sees them; every other
 * method the app does not serve is answered by proxy.ts (lib/http/routes.ts).
 */
const FORBIDDEN_BY_FETCH = new Set(["TRACE", "TRACK", "CONNECT"]);

const body: ErrorBody = { code: "method_not_allowed", message: "This method is not allowed." };

let installed = false;

/** Called once from instrumentation.ts, in the process that serves HTTP. */
export function refuseUnparseableMethods(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (FORBIDDEN_BY_FETCH.has(request.method ?? "")) {
        response.writeHead(ERROR_STATUS.method_not_allowed, {
          ...NO_STORE_HEADERS,
          "Content-Type": "application/json",
          Allow: "GET, HEAD, POST, PATCH",
        });
        response.end(JSON.stringify(body));
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
