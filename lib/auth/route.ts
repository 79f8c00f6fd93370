import "server-only";
import type { z } from "zod";
import type { SignedInSession } from "./sessions";
import { assertAuthConfigured, getAuthEnv } from "../env";
import { errorResponse, NO_STORE_HEADERS, toErrorResponse } from "../http/errors";
import { assertSameOrigin, readJsonBody, readJsonCommand } from "../http/request";
import { readRequestSession, SESSION_UNAVAILABLE_MESSAGE } from "./request-session";

/**
 * The one way into a route handler under app/api/ (dub's `withWorkspace` is the model): the checks
 * every route needs run here, once, in one order, and each handler keeps only its own work.
 *
 *   withRoute    settings valid (else 503 `misconfigured`), the app's own origin for any method that
 *                can change state (else 403), the handler, `no-store` on every answer, and anything
 *                thrown mapped to the one error shape (lib/http/errors.ts) under a name for the log.
 *   withSession  the same, then the JSON body read and validated with the handler's schema, then
 *                the session read from the server's rows: 503 `database_unavailable` when Postgres
 *                cannot say whether it is live (never 401: the page keeps its session and
 *                retries), 401 `unauthorized` when nobody is signed in.
 */

type Handler<R extends Request, C> = (request: R, context: C) => Promise<Response>;

/** GET and HEAD only read; every other method is accepted from the app's own pages only. */
const READ_METHODS = new Set(["GET", "HEAD"]);

interface RouteOptions {
  /** Names the route in the server log. */
  context: string;
  /**
   * Whether invalid sign-in settings refuse the request first (503 `misconfigured`). Only the
   * health check opts out: it reports them itself, in its own shape.
   */
  checkSettings?: boolean;
}

export function withRoute<R extends Request, C>(options: RouteOptions, handler: Handler<R, C>): Handler<R, C> {
  return async (request, context) => {
    try {
      if (options.checkSettings !== false) assertAuthConfigured();
      if (!READ_METHODS.has(request.method)) assertSameOrigin(request, getAuthEnv().origin);
      const response = await handler(request, context);
      for (const [name, value] of Object.entries(NO_STORE_HEADERS)) response.headers.set(name, value);
      return response;
    } catch (error) {
      return toErrorResponse(error, options.context);
    }
  };
}

/** Reads and validates a route's body: 400, 413 or 415 with a short reason when it does not fit. */
type BodyReader<B> = (request: Request) => Promise<B>;

/** A command that changes data: declared JSON and not empty (see readJsonCommand). */
export function jsonCommand<S extends z.ZodType>(schema: S): BodyReader<z.infer<S>> {
  return (request) => readJsonCommand(request, schema);
}

/** A body that may be left out (read as `{}`); when sent, it must be JSON (see readJsonBody). */
export function optionalJson<S extends z.ZodType>(schema: S): BodyReader<z.infer<S>> {
  return (request) => readJsonBody(request, schema);
}

interface SessionRouteOptions<B> {
  context: string;
  body: BodyReader<B>;
  /** The 401's message, for a caller who is not signed in. */
  signedOut: string;
}

interface SessionRouteInput<B, P> {
  body: B;
  /** The caller, from the session's row and its account: never from the request. */
  session: SignedInSession;
  params: P;
}

/** Next.js always passes `{ params }`; a route without dynamic segments may be called without it. */
type SessionRouteHandler<P> = keyof P extends never
  ? (request: Request, context?: { params: Promise<P> }) => Promise<Response>
  : (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** A route for the signed-in user: `withRoute`, then the body, then the session (see above). */
export function withSession<B, P = Record<never, never>>(
  options: SessionRouteOptions<B>,
  handler: (input: SessionRouteInput<B, P>) => Promise<Response>,
): SessionRouteHandler<P> {
  const route = withRoute({ context: options.context }, async (request: Request, context?: { params: Promise<P> }) => {
    const body = await options.body(request);
    const read = await readRequestSession();
    if (read.state === "unavailable") return errorResponse("database_unavailable", SESSION_UNAVAILABLE_MESSAGE);
    if (read.state === "signed_out") return errorResponse("unauthorized", options.signedOut);
    const params = (await context?.params) ?? ({} as P);
    return handler({ body, session: read.signedIn, params });
  });
  return route as SessionRouteHandler<P>;
}
