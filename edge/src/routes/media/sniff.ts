import type { MediaType } from '../../../../shared/src/api/media.js';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

function contains(bytes: Uint8Array, text: string): boolean {
  const needle = ascii(text);
  outer: for (let i = 0; i <= bytes.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The allowed types these bytes can be, judged by their magic numbers (empty: none of them).
 * Word and Excel share containers (OLE2 for .doc/.xls, ZIP for .docx/.xlsx); a ZIP is told apart
 * by its part names, an OLE2 file could be either. */
export function sniffMediaTypes(bytes: Uint8Array): MediaType[] {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return ['image/jpeg'];
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ['image/png'];
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return ['image/gif'];
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return ['image/webp'];
  if (startsWith(bytes, ascii('%PDF-'))) return ['application/pdf'];
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ['application/msword', 'application/vnd.ms-excel'];
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (contains(bytes, 'word/')) return ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'];
    if (contains(bytes, 'xl/')) return ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
  }
  return [];
}
