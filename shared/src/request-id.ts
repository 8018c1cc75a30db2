// One id per API call, so a caller, the edge and the session host can name the same request: the
// edge takes the caller's X-Request-Id or makes one, answers with it, and passes it to the host on
// the internal calls it makes for that request, where the host logs it.

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller may send: short, and only characters that are safe in a log line and a header. */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is acceptable; undefined for a missing, over-long or odd one. */
export function acceptedRequestId(value: string | null | undefined): string | undefined {
  return value && ACCEPTED.test(value) ? value : undefined;
}

export function newRequestId(): string {
  return crypto.randomUUID();
}
