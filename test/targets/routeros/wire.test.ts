import { describe, expect, it } from 'vitest';
import { decodeLength, encodeLength } from '../../../src/targets/routeros/word-length.js';
import { encodeSentence } from '../../../src/targets/routeros/sentence.js';
import {
  ProtocolViolation,
  SentenceDecoder,
} from '../../../src/targets/routeros/sentence-decoder.js';
import { lengthVectors, transcripts } from './helpers.js';

function decodeAll(chunks: Buffer[]): string[][] {
  const sentences: string[][] = [];
  const decoder = new SentenceDecoder((words) => sentences.push(words.map((w) => w.toString())));
  for (const chunk of chunks) decoder.push(chunk);
  expect(decoder.midSentence).toBe(false);
  return sentences;
}

function randomChunks(bytes: Buffer, seed: number): Buffer[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const size = 1 + (next() % 13);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Every transcript sentence with computed or captured bytes and no placeholder. */
const sentences = transcripts.flatMap((t) =>
  (t.hex_computed ?? [])
    .map((entry, i) => ({ id: t.id, hex: entry.hex, words: t.exchange[i]?.words ?? [] }))
    .filter((s) => !s.words.some((w) => w.includes('<'))),
);

describe('word length encoding (fixtures/length-encoding.json)', () => {
  it.each(lengthVectors)('length $length ↔ $prefix_hex', ({ length, prefix_hex, prefix_bytes }) => {
    const encoded = encodeLength(length);
    expect(encoded.toString('hex')).toBe(prefix_hex);
    const decoded = decodeLength(Buffer.concat([Buffer.from('ff', 'hex'), encoded]), 1);
    expect(decoded).toEqual({ kind: 'length', length, prefixBytes: prefix_bytes });
    // Every truncation of the prefix is "incomplete", never a wrong length.
    for (let cut = 0; cut < encoded.length; cut++) {
      expect(decodeLength(encoded.subarray(0, cut), 0)).toEqual({ kind: 'incomplete' });
    }
  });

  it('refuses a reserved control byte (>= 0xF8)', () => {
    expect(decodeLength(Buffer.from([0xf8]), 0)).toEqual({ kind: 'control', byte: 0xf8 });
    expect(() => encodeLength(2 ** 32)).toThrow(RangeError);
  });
});

describe('sentences from the transcripts', () => {
  it('has sentences to check', () => expect(sentences.length).toBeGreaterThan(40));

  it.each(sentences.map((s) => [s.id, s] as const))(
    '%s: encoder gives the recorded bytes',
    (_id, s) => {
      expect(encodeSentence(s.words).toString('hex')).toBe(s.hex);
    },
  );

  const stream = Buffer.concat(sentences.map((s) => Buffer.from(s.hex, 'hex')));
  const expected = sentences.map((s) => s.words);

  it('decodes the whole stream in one chunk', () => {
    expect(decodeAll([stream])).toEqual(expected);
  });

  it('decodes the stream fed byte by byte', () => {
    const bytes = [...stream].map((b) => Buffer.from([b]));
    expect(decodeAll(bytes)).toEqual(expected);
  });

  it.each([1, 2, 3, 42, 1234])('decodes the stream in random chunks (seed %i)', (seed) => {
    expect(decodeAll(randomChunks(stream, seed))).toEqual(expected);
  });

  it('decodes the captured 7.19.3 !empty bytes', () => {
    const t = transcripts.find((x) => x.id === 'print-no-rows-7.19.3-raw-bytes');
    const bytes = Buffer.from(t?.hex_captured?.['S>C'] ?? '', 'hex');
    expect(decodeAll([...bytes].map((b) => Buffer.from([b])))).toEqual([['!empty', '.tag=19936']]);
  });

  it('decodes the captured node-routeros client bytes', () => {
    const t = transcripts.find((x) => x.id === 'node-routeros-1.6.9-client-bytes');
    const captured = Object.values(t?.hex_captured ?? {}).map((hex) => Buffer.from(hex, 'hex'));
    expect(decodeAll(randomChunks(Buffer.concat(captured), 7))).toEqual(
      t?.exchange.map((e) => e.words),
    );
  });
});

describe('SentenceDecoder edge cases', () => {
  it('handles 2-, 3- and 4-byte length words split anywhere', () => {
    const words = ['a'.repeat(0x90), 'b'.repeat(0x4100), 'c'.repeat(0x200010)];
    const bytes = encodeSentence(['!re', ...words.map((w) => `=x=${w}`)]);
    const lengths = [3, 0x93, 0x4103, 0x200013];
    // Cuts inside each prefix, then many small chunks across the 2 MiB word.
    const cuts = [
      [bytes.subarray(0, 5), bytes.subarray(5, 0x9c), bytes.subarray(0x9c)],
      randomChunks(bytes.subarray(0, 0x5000), 9).concat([bytes.subarray(0x5000)]),
      [...Array(64).keys()].map((i) =>
        bytes.subarray((i * bytes.length) / 64, ((i + 1) * bytes.length) / 64),
      ),
    ];
    for (const chunks of cuts) {
      expect(decodeAll(chunks).map((sentence) => sentence.map((w) => w.length))).toEqual([lengths]);
    }
  });

  it('ignores empty sentences and keeps a lone terminator in its own chunk working', () => {
    const done = encodeSentence(['!done']);
    const got = decodeAll([
      Buffer.from([0, 0]),
      done.subarray(0, done.length - 1),
      done.subarray(-1),
    ]);
    expect(got).toEqual([['!done']]);
  });

  it('throws a ProtocolViolation on a control byte and on an oversized word', () => {
    const decoder = new SentenceDecoder(() => undefined);
    expect(() => decoder.push(Buffer.from([0xf9, 1, 2]))).toThrow(ProtocolViolation);
    const small = new SentenceDecoder(() => undefined, { maxWordBytes: 10 });
    expect(() => small.push(encodeSentence(['x'.repeat(11)]))).toThrow(/exceeds/);
  });

  it('decodes a 5-byte length prefix', () => {
    expect(decodeLength(Buffer.from('f010000080', 'hex'), 0)).toEqual({
      kind: 'length',
      length: 0x10000080,
      prefixBytes: 5,
    });
  });
});
