/**
 * Physical lines of a file as bytes, streamed with bounded memory: one read buffer plus the current
 * line. A line longer than `maxLineBytes` is not kept whole — only its head, for the operator to
 * recognise — so one runaway line (a missing newline in a 2 GB file) cannot exhaust memory (G8).
 * Lines end at LF; a CR before it is dropped; a UTF-8 BOM at the start of the file is skipped.
 */
import { createReadStream } from 'node:fs';

export interface ByteLine {
  /** 1-based physical line number. */
  number: number;
  bytes: Buffer;
  /** True when the line was longer than the limit: `bytes` is only its head. */
  truncated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const HEAD_BYTES = 4096;

export async function* readByteLines(path: string, maxLineBytes: number): AsyncGenerator<ByteLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let truncated = false;
  let number = 0;
  let first = true;
  const finish = (): ByteLine => {
    let bytes =
      parts.length === 1
        ? (parts[0] as Buffer)
        : Buffer.concat(parts, Math.min(length, truncated ? HEAD_BYTES : length));
    if (!truncated && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    number += 1;
    const line = { number, bytes, truncated };
    parts = [];
    length = 0;
    truncated = false;
    return line;
  };
  const append = (piece: Buffer): void => {
    if (truncated) return;
    if (length + piece.length > maxLineBytes) {
      truncated = true;
      const room = Math.max(0, HEAD_BYTES - length);
      if (room > 0) parts.push(Buffer.from(piece.subarray(0, room)));
      length = Math.min(length + piece.length, HEAD_BYTES);
      return;
    }
    // Copy: the read buffer is reused by the stream for the next chunk.
    parts.push(Buffer.from(piece));
    length += piece.length;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    let data = chunk as Buffer;
    if (first) {
      first = false;
      if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    }
    let start = 0;
    for (let end = data.indexOf(LF, start); end !== -1; end = data.indexOf(LF, start)) {
      append(data.subarray(start, end));
      yield finish();
      start = end + 1;
    }
    if (start < data.length) append(data.subarray(start));
  }
  if (length > 0 || truncated) yield finish();
}
