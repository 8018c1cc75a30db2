import type { MediaType } from '../../../../shared/src/api/media.js';
import { webpKind } from '../../../../shared/src/webp.js';
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
  if (webpKind(bytes)) return ['image/webp'];
  if (startsWith(bytes, ascii('%PDF-'))) return ['application/pdf'];
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ['application/msword', 'application/vnd.ms-excel'];
  if (isZip(bytes)) {
    const office = officeTypeOf(zipEntryNames(bytes));
    return office ? [office] : [];
  }
  return sniffAudioVideo(bytes);
}

/** A ZIP's first local file header. */
export const isZip = (bytes: Uint8Array) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);

/** Word or Excel, by the parts a ZIP lists (an Office package always has [Content_Types].xml
 * and its main part). */
export function officeTypeOf(entryNames: string[] | null): MediaType | undefined {
  const names = new Set(entryNames ?? []);
  if (!names.has('[Content_Types].xml')) return undefined;
  if (names.has('word/document.xml')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (names.has('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return undefined;
}

/** ISO base media (MP4, M4A, 3GP: an `ftyp` box first, whose major brand names the family), Ogg,
 * MP3 (an ID3 tag or an MPEG audio frame), AAC in ADTS frames, AMR. */
function sniffAudioVideo(bytes: Uint8Array): MediaType[] {
  if (startsWith(bytes, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand.startsWith('3g')) return ['video/3gpp'];
    if (brand === 'M4A ' || brand === 'M4B ') return ['audio/mp4'];
    return ['video/mp4', 'audio/mp4'];
  }
  if (startsWith(bytes, ascii('OggS'))) return ['audio/ogg'];
  if (startsWith(bytes, ascii('#!AMR'))) return ['audio/amr'];
  if (startsWith(bytes, ascii('ID3'))) return ['audio/mpeg'];
  if (bytes[0] === 0xff && bytes.length > 1 && (bytes[1]! & 0xe0) === 0xe0) {
    // The two layer bits are 00 in an ADTS (AAC) header, and 01-11 in an MPEG audio frame.
    return (bytes[1]! & 0x06) === 0 ? ['audio/aac'] : ['audio/mpeg'];
  }
  return [];
}
