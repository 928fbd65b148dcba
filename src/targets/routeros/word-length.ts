/**
 * RouterOS API word length prefix (MikroTik manual "API words"; docs/routeros-notes.md §1.2): big-endian,
 * 1 to 5 bytes depending on the length. A first byte >= 0xF8 is a reserved control byte
 * that no RouterOS version sends; a receiver cannot continue after one.
 */

/** Largest length the 5-byte form can carry (0xF0 followed by a 32-bit value). */
export const MAX_WORD_LENGTH = 0xffff_ffff;

/** Returns the prefix bytes for a word of `length` bytes. */
export function encodeLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > MAX_WORD_LENGTH) {
    throw new RangeError(`word length ${length} cannot be encoded`);
  }
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([(length >>> 8) | 0x80, length & 0xff]);
  if (length < 0x20_0000) {
    return Buffer.from([(length >>> 16) | 0xc0, (length >>> 8) & 0xff, length & 0xff]);
  }
  if (length < 0x1000_0000) {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((length | 0xe000_0000) >>> 0);
    return out;
  }
  const out = Buffer.alloc(5);
  out[0] = 0xf0;
  out.writeUInt32BE(length, 1);
  return out;
}

export type DecodedLength =
  | { kind: 'length'; length: number; prefixBytes: number }
  /** More bytes are needed to read the prefix. */
  | { kind: 'incomplete' }
  /** First byte >= 0xF8: a reserved control byte (protocol error). */
  | { kind: 'control'; byte: number };

/** Reads a length prefix at `offset` without copying. */
export function decodeLength(buf: Buffer, offset: number): DecodedLength {
  const available = buf.length - offset;
  if (available < 1) return { kind: 'incomplete' };
  const first = buf[offset] as number;
  if (first < 0x80) return { kind: 'length', length: first, prefixBytes: 1 };
  if (first < 0xc0) {
    if (available < 2) return { kind: 'incomplete' };
    return { kind: 'length', length: buf.readUInt16BE(offset) & 0x3fff, prefixBytes: 2 };
  }
  if (first < 0xe0) {
    if (available < 3) return { kind: 'incomplete' };
    const length = ((first & 0x1f) << 16) | buf.readUInt16BE(offset + 1);
    return { kind: 'length', length, prefixBytes: 3 };
  }
  if (first < 0xf0) {
    if (available < 4) return { kind: 'incomplete' };
    return { kind: 'length', length: buf.readUInt32BE(offset) & 0x0fff_ffff, prefixBytes: 4 };
  }
  if (first < 0xf8) {
    // go-routeros accepts any 0xF0..0xF7 first byte here (mask 0xF8 == 0xF0); so do we.
    if (available < 5) return { kind: 'incomplete' };
    return { kind: 'length', length: buf.readUInt32BE(offset + 1), prefixBytes: 5 };
  }
  return { kind: 'control', byte: first };
}
