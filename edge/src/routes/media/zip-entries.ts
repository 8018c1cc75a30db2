// The entry names of a ZIP archive, read from its central directory (APPNOTE 4.3.12/4.3.16): the
// list a reader such as Word or Excel trusts, unlike bytes that merely look like a name somewhere.

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const MAX_END_SEARCH = 22 + 0xffff;
/** More entries than any Office document has; a bound on the work a hostile file can ask for. */
const MAX_ENTRIES = 10_000;

/** The names, or null when the bytes are not a well-formed ZIP (or a ZIP64 one, which an
 * upload of at most 100 MB never needs). `bytes` may be only the end of the file, starting at
 * file offset `start`: null then also when the central directory begins before it. */
export function zipEntryNames(bytes: Uint8Array, start = 0): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - MAX_END_SEARCH); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true) - start;
  if (count > MAX_ENTRIES || offset < 0 || offset + size > end) return null;
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let at = offset, i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_FILE_HEADER) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) return null;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
