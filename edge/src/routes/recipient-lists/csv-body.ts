import type { Context } from 'hono';
import { ApiError } from '../../errors.js';
import { MAX_CSV_BYTES } from './schema.js';
import { baseContentType } from '../../../../shared/src/content-type.js';

export const CSV_TOO_LARGE = `CSV too large: at most ${MAX_CSV_BYTES / 1024 / 1024} MB per import.`;
const TEXT_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

/** The CSV text of an import: the raw body (text/csv) or the multipart field `file`. */
export async function readCsvBody(c: Context): Promise<string> {
  const type = baseContentType(c.req.header('content-type') ?? '');
  const multipart = type === 'multipart/form-data';
  if (!multipart && !TEXT_TYPES.includes(type)) {
    throw new ApiError(415, `Unsupported Content-Type (${type || 'none'}): send the CSV as text/csv, or as multipart/form-data with the field "file".`);
  }
  // The route's body limit allows for multipart framing; a bare CSV gets the exact limit here.
  if (!multipart) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > MAX_CSV_BYTES) throw new ApiError(413, CSV_TOO_LARGE);
    return new TextDecoder().decode(bytes);
  }
  let file: FormDataEntryValue | null;
  try {
    file = (await c.req.raw.formData()).get('file');
  } catch {
    throw new ApiError(400, 'Malformed multipart body: send the CSV as the form field "file".');
  }
  if (!(file instanceof File)) throw new ApiError(400, 'file is required: send the CSV as the multipart form field "file".');
  if (file.size > MAX_CSV_BYTES) throw new ApiError(413, CSV_TOO_LARGE);
  return file.text();
}
