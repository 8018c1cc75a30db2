// Just enough of the WebP container (RIFF) to tell a still sticker from an animated one, whose
// size limits differ.
const ascii = (bytes: Uint8Array, offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length));

/** `still` or `animated` for a WebP file, undefined for anything else. An animated WebP is a VP8X
 * file whose flags have the animation bit (0x02) set. */
export function webpKind(bytes: Uint8Array): 'still' | 'animated' | undefined {
  if (bytes.length < 16 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return undefined;
  if (ascii(bytes, 12, 4) === 'VP8X' && bytes.length > 20 && (bytes[20]! & 0x02) !== 0) return 'animated';
  return 'still';
}
