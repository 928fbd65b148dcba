/** A decoded client sentence, as the simulator sees it. */
export interface SimRequest {
  command: string;
  /** `.tag` (empty or missing → replies are untagged, MikroTik manual "Tags"). */
  tag: string | undefined;
  attributes: Map<string, string>;
  /** Query words, `?` included, in order. */
  queries: string[];
}

/** One reply sentence without its tag (the session puts `.tag` right after the reply word). */
export interface SimSentence {
  type: '!re' | '!done' | '!trap' | '!empty' | '!fatal';
  words: string[];
}

/**
 * A command's replies, in order. Produced lazily where that matters (a large print), so rows
 * go out while later ones are still being made. (Each `!re` is its own sentence on the wire, so
 * a client can use rows as they come; how fast a real router makes a 100,000-row print is not
 * measured here.)
 */
export type SimReplies = Iterable<SimSentence>;

export function parseRequest(words: readonly string[]): SimRequest {
  const attributes = new Map<string, string>();
  const queries: string[] = [];
  let tag: string | undefined;
  for (const word of words.slice(1)) {
    if (word.startsWith('=')) {
      const at = word.indexOf('=', 1);
      if (at === -1) attributes.set(word.slice(1), '');
      else attributes.set(word.slice(1, at), word.slice(at + 1));
    } else if (word.startsWith('?')) {
      queries.push(word);
    } else if (word.startsWith('.tag=')) {
      tag = word.slice(5) || undefined;
    }
  }
  return { command: words[0] ?? '', tag, attributes, queries };
}

export const done = (...words: string[]): SimSentence => ({ type: '!done', words });
export const row = (properties: ReadonlyMap<string, string>): SimSentence => ({
  type: '!re',
  words: [...properties].map(([name, value]) => `=${name}=${value}`),
});

/** A trap and the `!done` every trapped command still gets (docs/routeros-notes.md §1.4). */
export function trap(message: string, category?: number): SimSentence[] {
  const words = category === undefined ? [] : [`=category=${category}`];
  return [{ type: '!trap', words: [...words, `=message=${message}`] }, done()];
}
