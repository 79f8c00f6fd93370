import "server-only";
import type { z } from "zod";
import { AppError } from "./errors";

/**
 * Reads a small JSON body and validates it. An empty body counts as `{}`. Anything oversized,
 * malformed or off-schema is a 400 with a short reason, never a 500 with a stack trace.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = 1024): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("bad_request", `The request body is larger than ${maxBytes} bytes.`);

  let text = "";
  if (request.body) {
    const reader = request.body.getReader();
    const decoder = new TextDecoder();
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new AppError("bad_request", `The request body is larger than ${maxBytes} bytes.`);
      }
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  }

  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("bad_request", "The request body is not valid JSON.");
    }
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError("bad_request", `Invalid request body (${where}${issue?.message ?? "invalid"}).`);
  }
  return result.data;
}
