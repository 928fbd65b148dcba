import { encodeLength } from './word-length.js';

/** A word as sent: text is encoded as UTF-8 (callers keep it ASCII, see comment.ts). */
export type WordInput = string | Buffer;

/**
 * Encodes one sentence: every word with its length prefix, then the zero-length word that
 * makes the router evaluate it (MikroTik manual "API sentences"). One Buffer, so a sentence
 * is always handed to the socket in a single write (docs/routeros-notes.md, section 6, item 2).
 */
export function encodeSentence(words: readonly WordInput[]): Buffer {
  const parts: Buffer[] = [];
  for (const word of words) {
    const bytes = typeof word === 'string' ? Buffer.from(word, 'utf8') : word;
    parts.push(encodeLength(bytes.length), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}
