import { decodeLength } from './word-length.js';

export class ProtocolViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}

export interface SentenceDecoderOptions {
  /** Refuse words longer than this (guards memory against a hostile peer). Default 64 MiB. */
  maxWordBytes?: number;
  /** Refuse sentences whose words add up to more bytes than this. Default: unlimited. */
  maxSentenceBytes?: number;
  /** Refuse sentences with more words than this (1-byte words never ending). Default: unlimited. */
  maxSentenceWords?: number;
}

/**
 * Streaming sentence decoder, robust to any TCP chunking (one byte at a time, prefixes split
 * across chunks, a lone terminating 00 — the cases node-routeros gets wrong, docs/routeros-notes.md §3.3-7).
 *
 * Bytes are consumed as they arrive: complete words are sliced out of the chunk without
 * copying and each complete sentence is handed to `onSentence` at once, so a 100,000-row print
 * never accumulates raw bytes. Only an incomplete trailing word is kept; while a long word is
 * still arriving its chunks are collected in a list and joined once, when enough bytes are
 * there (no quadratic re-copying). Empty sentences are ignored (docs/routeros-notes.md §1.2).
 *
 * Words are opaque Buffers; decoding to text is the reply parser's job.
 */
export class SentenceDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Total pending bytes needed before parsing can make progress. */
  private needed = 1;
  private words: Buffer[] = [];
  private sentenceBytes = 0;
  private readonly maxWordBytes: number;
  private readonly maxSentenceBytes: number;
  private readonly maxSentenceWords: number;
  private failed = false;

  constructor(
    private readonly onSentence: (words: Buffer[]) => void,
    options: SentenceDecoderOptions = {},
  ) {
    this.maxWordBytes = options.maxWordBytes ?? 64 * 1024 * 1024;
    this.maxSentenceBytes = options.maxSentenceBytes ?? Infinity;
    this.maxSentenceWords = options.maxSentenceWords ?? Infinity;
  }

  /** Feeds bytes; throws ProtocolViolation on a control byte or an oversized word. */
  push(chunk: Buffer): void {
    if (this.failed) throw new ProtocolViolation('decoder already failed');
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needed) return;
    const buf =
      this.pending.length === 1
        ? (this.pending[0] as Buffer)
        : Buffer.concat(this.pending, this.pendingBytes);
    const used = this.parse(buf);
    const rest = buf.length - used;
    this.pending = rest > 0 ? [buf.subarray(used)] : [];
    this.pendingBytes = rest;
  }

  /** True when a sentence has started but not ended (useful to detect truncation). */
  get midSentence(): boolean {
    return this.words.length > 0 || this.pendingBytes > 0;
  }

  private parse(buf: Buffer): number {
    let offset = 0;
    for (;;) {
      const decoded = decodeLength(buf, offset);
      if (decoded.kind === 'incomplete') {
        this.needed = buf.length - offset + 1;
        return offset;
      }
      if (decoded.kind === 'control') {
        this.failed = true;
        throw new ProtocolViolation(
          `reserved control byte 0x${decoded.byte.toString(16)} in the stream`,
        );
      }
      if (decoded.length > this.maxWordBytes) {
        this.failed = true;
        throw new ProtocolViolation(
          `word of ${decoded.length} bytes exceeds the ${this.maxWordBytes}-byte limit`,
        );
      }
      if (this.sentenceBytes + decoded.length > this.maxSentenceBytes) {
        this.failed = true;
        throw new ProtocolViolation(
          `sentence of more than ${this.maxSentenceBytes} bytes (limit) without an end`,
        );
      }
      if (decoded.length > 0 && this.words.length >= this.maxSentenceWords) {
        this.failed = true;
        throw new ProtocolViolation(
          `sentence of more than ${this.maxSentenceWords} words (limit) without an end`,
        );
      }
      const end = offset + decoded.prefixBytes + decoded.length;
      if (end > buf.length) {
        this.needed = end - offset;
        return offset;
      }
      if (decoded.length === 0) {
        const words = this.words;
        this.words = [];
        this.sentenceBytes = 0;
        if (words.length > 0) this.onSentence(words);
      } else {
        this.words.push(buf.subarray(offset + decoded.prefixBytes, end));
        this.sentenceBytes += decoded.length;
      }
      offset = end;
    }
  }
}
