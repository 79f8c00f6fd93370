import "server-only";
import type { z } from "zod";
import { AppError } from "./errors";

/**
 * Checks for what state-changing routes accept. Every size limit is measured on the bytes actually
 * read, never on Content-Length alone: a chunked body declares no length at all.
 */

/**
 * Refuses a request that a browser sent from another site. Browsers send `Origin` with every POST
 * (and `Sec-Fetch-Site` with every request); a client that sends neither is not a browser and
 * cannot be used for cross-site request forgery.
 */
export function assertSameOrigin(request: Request, appOrigin: string | undefined): void {
  const expected = appOrigin ?? new URL(request.url).origin;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if ((origin !== null && origin !== expected) || (site !== null && site !== "same-origin" && site !== "none")) {
    throw new AppError("forbidden", "This request must come from the app's own pages.");
  }
}

/** The media type alone, lower-cased: `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Reads the body as UTF-8, refusing it with 413 once more than `maxBytes` have arrived. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
}

/**
 * For routes that change data: the body must be declared JSON (415 otherwise, so a form or
 * `text/plain` post, the shapes a cross-site page can send without a preflight, never gets in),
 * then it is read and validated as `readJsonBody` does.
 */
export async function readJsonCommand<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 4096,
): Promise<z.infer<S>> {
  if (mediaType(request) !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the request as JSON (Content-Type: application/json).");
  }
  const text = await readBodyText(request, maxBytes);
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty; it must be a JSON object.");
  return parseJson(text, schema);
}

function parseJson<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    // The top-level key names the field a form should focus; an issue about the whole body (an
    // unknown key, not an object) names none.
    const field = typeof issue?.path[0] === "string" ? issue.path[0] : undefined;
    throw new AppError("bad_request", `Invalid request body (${where}${issue?.message ?? "invalid"}).`, { field });
  }
  return result.data;
}

/**
 * Reads a small JSON body and validates it. An empty body counts as `{}`; a non-empty one must say
 * it is JSON. Anything oversized (413), malformed or off-schema (400) gets a short reason, never a
 * 500 with a stack trace.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 1024,
): Promise<z.infer<S>> {
  const text = await readBodyText(request, maxBytes);
  if (!text.trim()) return parseJson("{}", schema);
  if (mediaType(request) !== "application/json") {
    throw new AppError("bad_request", "The request body must be JSON (Content-Type: application/json).");
  }
  return parseJson(text, schema);
}
