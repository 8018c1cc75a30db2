/**
 * WhatsApp Web transport framing: the client's first WebSocket message starts with an intro
 * ("WA" 6 3, optionally preceded by "ED" 0 1 + 3-byte length + routing info); every frame is a
 * 3-byte big-endian length followed by its payload. Server frames carry no intro.
 */
export const WA_INTRO = Buffer.from([0x57, 0x41, 6, 3]);

export function encodeFrame(payload: Uint8Array): Buffer {
  const out = Buffer.alloc(3 + payload.length);
  out.writeUIntBE(payload.length, 0, 3);
  out.set(payload, 3);
  return out;
}

export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private introDone = false;
  /** routing info sent by the client in an "ED" intro, if any */
  routingInfo?: Buffer;

  /** feed raw bytes; returns every complete frame payload */
  push(data: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : Buffer.from(data);
    if (!this.introDone) {
      if (this.buf.length >= 2 && this.buf[0] === 0x45 && this.buf[1] === 0x44) {
        if (this.buf.length < 7) return [];
        const len = this.buf.readUIntBE(4, 3);
        if (this.buf.length < 7 + len + 4) return [];
        this.routingInfo = this.buf.subarray(7, 7 + len);
        this.buf = this.buf.subarray(7 + len);
      }
      if (this.buf.length < 4) return [];
      if (!this.buf.subarray(0, 4).equals(WA_INTRO)) {
        throw new Error(`bad WA intro header: ${this.buf.subarray(0, 4).toString('hex')}`);
      }
      this.buf = this.buf.subarray(4);
      this.introDone = true;
    }
    const frames: Buffer[] = [];
    while (this.buf.length >= 3) {
      const len = this.buf.readUIntBE(0, 3);
      if (this.buf.length < 3 + len) break;
      frames.push(Buffer.from(this.buf.subarray(3, 3 + len)));
      this.buf = this.buf.subarray(3 + len);
    }
    return frames;
  }
}
