/**
 * RouterOS API query words (MikroTik manual "Queries"; docs/routeros-notes.md §1.8): each item is evaluated
 * with a stack of booleans that starts as infinitely many `true`; it matches when no `false`
 * remains. `?name` / `?-name` test presence, `?name=x` / `?=name=x` equality, `?<name=x` /
 * `?>name=x` ordering; `?#ops` runs a small stack program (indexes, `!`, `&`, `|`, `.`).
 */
export type Properties = ReadonlyMap<string, string>;
type Op = (stack: boolean[], item: Properties) => void;

export interface Query {
  matches(item: Properties): boolean;
  /** Plain `?name=value` words (used by the simulator to look up an index first). */
  equalities: ReadonlyMap<string, string>;
  /**
   * True when the query is nothing but equalities, each property once (the index answer is
   * then exact). `?address=a ?address=b ?#|` is not: it means a OR b.
   */
  onlyEqualities: boolean;
}

export function compileQuery(words: readonly string[]): Query {
  const ops: Op[] = [];
  const equalities = new Map<string, string>();
  let onlyEqualities = true;
  for (const word of words) {
    const body = word.slice(1);
    if (body.startsWith('#')) {
      onlyEqualities = false;
      ops.push(stackProgram(body.slice(1)));
      continue;
    }
    const kind = body[0];
    if (kind === '<' || kind === '>') {
      onlyEqualities = false;
      const [name, value] = splitOnce(body.slice(1));
      ops.push((stack, item) => stack.push(compare(item.get(name), value, kind)));
    } else if (kind === '-') {
      onlyEqualities = false;
      const name = body.slice(1);
      ops.push((stack, item) => stack.push(!item.has(name)));
    } else if (body.includes('=')) {
      const [name, value] = splitOnce(body.startsWith('=') ? body.slice(1) : body);
      if (equalities.has(name)) onlyEqualities = false;
      equalities.set(name, value);
      ops.push((stack, item) => stack.push(equal(item.get(name), value)));
    } else {
      onlyEqualities = false;
      ops.push((stack, item) => stack.push(item.has(body)));
    }
  }
  return {
    equalities,
    onlyEqualities,
    matches(item) {
      const stack: boolean[] = [];
      for (const op of ops) op(stack, item);
      return stack.every(Boolean);
    },
  };
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf('=');
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

const TRUE = new Set(['true', 'yes']);
const FALSE = new Set(['false', 'no']);

/** Booleans compare typed (`yes` matches `true`: REST-manual "Read data"); the rest as text. */
function equal(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  if (TRUE.has(actual) || FALSE.has(actual)) return TRUE.has(actual) === TRUE.has(wanted);
  return actual === wanted;
}

function compare(actual: string | undefined, wanted: string, kind: '<' | '>'): boolean {
  if (actual === undefined) return false;
  const numeric = /^-?\d+$/.test(actual) && /^-?\d+$/.test(wanted);
  const order = numeric
    ? Number(actual) - Number(wanted)
    : actual < wanted
      ? -1
      : actual > wanted
        ? 1
        : 0;
  return kind === '<' ? order < 0 : order > 0;
}

/** The `?#` program. Missing stack entries read as `true` (the stack starts infinite). */
function stackProgram(program: string): Op {
  return (stack) => {
    const at = (index: number): boolean => stack[stack.length - 1 - index] ?? true;
    const pop = (): boolean => (stack.length > 0 ? (stack.pop() as boolean) : true);
    let i = 0;
    while (i < program.length) {
      const char = program[i] as string;
      if (/\d/.test(char)) {
        let end = i;
        while (end < program.length && /\d/.test(program[end] as string)) end++;
        const value = at(Number(program.slice(i, end)));
        if (end === program.length) {
          stack.length = 0;
          stack.push(value);
        } else {
          stack.push(value);
          if (program[end] === '.') end++; // `.` after an index does nothing
        }
        i = end;
        continue;
      }
      if (char === '!') stack.push(!pop());
      else if (char === '&' || char === '|') {
        const a = pop();
        const b = pop(); // pop both before combining: no short-circuit
        stack.push(char === '&' ? a && b : a || b);
      } else if (char === '.') stack.push(at(0));
      i++;
    }
  };
}
