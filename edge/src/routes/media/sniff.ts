import type { MediaType } from '../../../../shared/src/api/media.js';
import { zipEntryNames } from './zip-entries.js';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

/** The allowed types these bytes can be, judged by their magic numbers (empty: none of them).
 * Word and Excel share containers (OLE2 for .doc/.xls, ZIP for .docx/.xlsx); a ZIP is told apart
 * by the parts its central directory lists (an Office package always has [Content_Types].xml and
 * its main part), an OLE2 file could be either. */
export function sniffMediaTypes(bytes: Uint8Array): MediaType[] {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return ['image/jpeg'];
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ['image/png'];
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return ['image/gif'];
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return ['image/webp'];
  if (startsWith(bytes, ascii('%PDF-'))) return ['application/pdf'];
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ['application/msword', 'application/vnd.ms-excel'];
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = new Set(zipEntryNames(bytes) ?? []);
    if (!names.has('[Content_Types].xml')) return [];
    if (names.has('word/document.xml')) return ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'];
    if (names.has('xl/workbook.xml')) return ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
  }
  return [];
}
