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

const EQUALS = 0x3d;
const DOT = 0x2e;

export function parseReply(words: readonly Buffer[]): Reply {
  const first = words[0];
  const type = first === undefined ? '' : first.toString('utf8');
  const attributes = new Map<string, string>();
  const bare: string[] = [];
  let tag: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as Buffer;
    if (word[0] === EQUALS) {
      const split = word.indexOf(EQUALS, 1);
      if (split === -1) attributes.set(word.toString('utf8', 1), '');
      else attributes.set(word.toString('utf8', 1, split), word.toString('utf8', split + 1));
    } else if (word[0] === DOT && word.indexOf('.tag=') === 0) {
      tag = word.toString('utf8', 5);
    } else {
      bare.push(word.toString('utf8'));
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
