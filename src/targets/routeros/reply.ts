/**
 * Reply sentences (MikroTik manual "Replies"; docs/routeros-notes.md §1.4): `!re` data row, `!done` final
 * (may carry `=ret=`), `!trap` error (`=message=`, optional `=category=`; a command may get
 * more than one, and still ends with `!done`), `!fatal` (reason as a bare word, then the
 * router closes), `!empty` (7.18+: no rows, followed by `!done`).
 *
 * This is the edge where bytes become text. RouterOS has no declared encoding (node-routeros
 * assumes win1252, librouteros lets callers choose, docs/routeros-notes.md §1.2). We decode as UTF-8: banbridge
 * only ever sends printable ASCII (see comment.ts), so our own values round-trip exactly, and
 * a foreign non-ASCII comment at worst shows replacement characters — it is never written back.
 */
export type ReplyType = '!re' | '!done' | '!trap' | '!fatal' | '!empty';

export interface Reply {
  type: ReplyType | string;
  /** `.tag` value, wherever it appears in the sentence (routers put it second, docs last). */
  tag: string | undefined;
  /** `=name=value` words. Names keep a leading dot (`.id`); values may contain `=`. */
  attributes: Map<string, string>;
  /** Words that are neither attributes nor API attributes (the `!fatal` reason). */
  bare: string[];
}

/**
 * Each word is decoded once and then split as text: `=` and `.` are ASCII, and UTF-8 never
 * uses ASCII bytes inside a multi-byte character (RFC 3629 §1: octets 0x00–0x7F occur only
 * as themselves), so splitting the text is splitting the bytes. (One decode per word halves
 * the cost of a 100,000-row print.)
 */
export function parseReply(words: readonly Buffer[]): Reply {
  const first = words[0];
  const type = first === undefined ? '' : first.toString('utf8');
  const attributes = new Map<string, string>();
  const bare: string[] = [];
  let tag: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = (words[i] as Buffer).toString('utf8');
    if (word.startsWith('=')) {
      const split = word.indexOf('=', 1);
      if (split === -1) attributes.set(word.slice(1), '');
      else attributes.set(word.slice(1, split), word.slice(split + 1));
    } else if (word.startsWith('.tag=')) {
      tag = word.slice(5);
    } else {
      bare.push(word);
    }
  }
  return { type, tag: tag === '' ? undefined : tag, attributes, bare };
}

export interface Trap {
  message: string;
  /** 0 missing item/command … 7 `:return` value (MikroTik manual); absent for many traps. */
  category: number | undefined;
}

export function trapOf(reply: Reply): Trap {
  const category = reply.attributes.get('category');
  return {
    message: reply.attributes.get('message') ?? reply.bare.join(' '),
    category: category === undefined ? undefined : Number(category),
  };
}
