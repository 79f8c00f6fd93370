import "server-only";
import { EnvError } from "../env";

/**
 * One JSON error shape for every route: `{ code, message }`, with the HTTP status fixed per code.
 * Internal details are logged on the server and never echoed to the client.
 */

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  slot_taken: 409,
  invalid_transition: 409,
  too_many_with_doctor: 409,
  too_many_upcoming: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  search_unavailable: 503,
  database_unavailable: 503,
  search_key_unavailable: 503,
  misconfigured: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Codes that are always about one field of the request body, named in the body so a form can focus it. */
const ERROR_FIELD: Partial<Record<ErrorCode, string>> = { slot_taken: "scheduledAt", too_many_with_doctor: "doctorId" };

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** The request body's top-level field the error is about, when there is one (`reason`), so a form can focus it. */
  field?: string;
}

export const NO_STORE_HEADERS = {
  "Cache-Control": "no-store, max-age=0",
  Pragma: "no-cache",
} as const;

export class AppError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly field?: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string>; field?: string },
  ) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
    this.headers = options?.headers ?? {};
    this.field = options?.field ?? ERROR_FIELD[code];
  }
}

export function errorResponse(
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
  field?: string,
): Response {
  const body: ErrorBody = field === undefined ? { code, message } : { code, message, field };
  return Response.json(body, {
    status: ERROR_STATUS[code],
    headers: { ...NO_STORE_HEADERS, ...headers },
  });
}

/** Maps anything thrown in a route to a response: AppErrors keep their code, the rest become 500. */
export function toErrorResponse(error: unknown, context: string): Response {
  if (error instanceof AppError) {
    if (error.status >= 500) console.error(`[${context}] ${error.code}: ${error.message}`, error.cause ?? "");
    return errorResponse(error.code, error.message, error.headers, error.field);
  }
  if (error instanceof EnvError) {
    console.error(`[${context}] ${error.message}`);
    return errorResponse(
      "misconfigured",
      "The server is misconfigured, so this is turned off. Its log names the setting to fix.",
    );
  }
  console.error(`[${context}] unexpected error`, error);
  return errorResponse("internal", "Something went wrong on our side. Please try again.");
}
