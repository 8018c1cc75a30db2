import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

export type ErrorDetail = { path: string; message: string };

/** The one error type routes throw; `toErrorResponse` maps it to `{ status: "error", message }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** "field: problem" for the first issue, so the message alone names the field. */
export function validationError(error: ZodError): ApiError {
  const details = zodDetails(error);
  const first = details[0];
  const message = first ? (first.path && !first.message.startsWith(first.path) ? `${first.path}: ${first.message}` : first.message) : 'Invalid request';
  return new ApiError(400, message, details);
}

export function toErrorResponse(err: unknown, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json({ status: 'error', message: err.message, ...(err.details ? { details: err.details } : {}) }, err.status);
  }
  if (err instanceof HTTPException && err.status === 415) {
    const type = c.req.header('content-type') ?? 'none';
    return c.json({ status: 'error', message: `Unsupported Content-Type (${type}): send application/json, or multipart/form-data for uploads.` }, 415);
  }
  if (err instanceof HTTPException) {
    const message = err.message || (err.status === 400 ? 'Malformed request body' : 'Request failed');
    return c.json({ status: 'error', message }, err.status as ContentfulStatusCode);
  }
  // drizzle wraps the database's own error: its cause says what actually failed.
  const cause = err instanceof Error && err.cause !== undefined ? String(err.cause) : undefined;
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', path: new URL(c.req.url).pathname, error: String(err), cause }));
  return c.json({ status: 'error', message: 'Internal server error' }, 500);
}
