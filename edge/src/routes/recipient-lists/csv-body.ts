import type { Context } from 'hono';
import { ApiError } from '../../errors.js';
import { MAX_CSV_BYTES } from './schema.js';

const TOO_LARGE = `CSV too large: at most ${MAX_CSV_BYTES / 1024 / 1024} MB per import.`;
const TEXT_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

/** The request body, refused with 413 once it passes `limit` (declared or counted while it
 * streams), so an oversized upload is never buffered whole. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) throw new ApiError(413, TOO_LARGE);
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError(413, TOO_LARGE);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** The CSV text of an import: the raw body (text/csv) or the multipart field `file`. */
export async function readCsvBody(c: Context): Promise<string> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const multipart = type === 'multipart/form-data';
  if (!multipart && !TEXT_TYPES.includes(type)) {
    throw new ApiError(415, `Unsupported Content-Type (${type || 'none'}): send the CSV as text/csv, or as multipart/form-data with the field "file".`);
  }
  // Room for the multipart framing around a CSV of the maximum size.
  const bytes = await readLimited(c.req.raw, MAX_CSV_BYTES + (multipart ? 64 * 1024 : 0));
  if (!multipart) return new TextDecoder().decode(bytes);
  let file: FormDataEntryValue | null;
  try {
    const form = await new Response(bytes, { headers: { 'content-type': c.req.header('content-type')! } }).formData();
    file = form.get('file');
  } catch {
    throw new ApiError(400, 'Malformed multipart body: send the CSV as the form field "file".');
  }
  if (!(file instanceof File)) throw new ApiError(400, 'file is required: send the CSV as the multipart form field "file".');
  if (file.size > MAX_CSV_BYTES) throw new ApiError(413, TOO_LARGE);
  return file.text();
}
