import { describe, expect, it } from 'vitest';
import {
  AAC,
  AMR,
  DOCX,
  GIF,
  JPEG,
  M4A,
  MP3,
  MP4,
  OGG_OPUS,
  OLE2,
  PDF,
  PNG,
  THREE_GP,
  WEBP,
  WEBP_ANIMATED,
  XLSX,
  zipOf,
} from '../../../../test-support/fixtures.js';
import { webpKind } from '../../../../shared/src/webp.js';
import { sniffMediaTypes } from './sniff.js';
import { zipEntryNames } from './zip-entries.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('sniffMediaTypes', () => {
  it.each([
    [JPEG, ['image/jpeg']],
    [PNG, ['image/png']],
    [GIF, ['image/gif']],
    [WEBP, ['image/webp']],
    [PDF, ['application/pdf']],
    [OLE2, ['application/msword', 'application/vnd.ms-excel']],
    [DOCX, [DOCX_TYPE]],
    [XLSX, [XLSX_TYPE]],
    [WEBP_ANIMATED, ['image/webp']],
    [MP4, ['video/mp4', 'audio/mp4']],
    [THREE_GP, ['video/3gpp']],
    [M4A, ['audio/mp4']],
    [OGG_OPUS, ['audio/ogg']],
    [MP3, ['audio/mpeg']],
    [Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]), ['audio/mpeg']],
    [AAC, ['audio/aac']],
    [AMR, ['audio/amr']],
  ])('recognises a real file by its bytes (%#)', (bytes, types) => {
    expect(sniffMediaTypes(bytes)).toEqual(types);
  });

  it('does not take a ZIP for Word because the bytes word/ appear somewhere in it', () => {
    expect(sniffMediaTypes(zipOf({ 'payload.sh': 'word/ xl/ #!/bin/sh' }))).toEqual([]);
    expect(sniffMediaTypes(zipOf({ 'docs/word/readme.txt': 'x', 'run.exe': 'MZ' }))).toEqual([]);
    // The main part without the package's content types is no Office document.
    expect(sniffMediaTypes(zipOf({ 'word/document.xml': '<xml/>' }))).toEqual([]);
  });

  it('refuses ZIP-looking bytes without a readable central directory', () => {
    expect(sniffMediaTypes(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('[Content_Types].xml word/document.xml')]))).toEqual([]);
    expect(sniffMediaTypes(DOCX.subarray(0, DOCX.length - 10))).toEqual([]);
  });
});

describe('webpKind', () => {
  it('tells a still WebP from an animated one, and anything else from both', () => {
    expect(webpKind(WEBP)).toBe('still');
    expect(webpKind(WEBP_ANIMATED)).toBe('animated');
    expect(webpKind(PNG)).toBeUndefined();
    expect(webpKind(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
  });
});

describe('zipEntryNames', () => {
  it('lists the central directory in order', () => {
    expect(zipEntryNames(zipOf({ a: '1', 'b/c.xml': '2' }))).toEqual(['a', 'b/c.xml']);
  });

  it('reads the end of a file given where that end starts, null when the directory begins before it', () => {
    const zip = zipOf({ big: 'x'.repeat(5000), '[Content_Types].xml': '<Types/>' });
    const start = zip.length - 200;
    expect(zipEntryNames(zip.subarray(start), start)).toEqual(['big', '[Content_Types].xml']);
    const late = zip.length - 60;
    expect(zipEntryNames(zip.subarray(late), late)).toBeNull();
  });

  it('is null for a directory that points past its own end', () => {
    const broken = Buffer.from(zipOf({ a: '1' }));
    broken.writeUInt32LE(broken.length, broken.length - 6);
    expect(zipEntryNames(broken)).toBeNull();
  });
});
