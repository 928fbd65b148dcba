/**
 * Checks that a regex only uses syntax whose meaning is the same in java.util.regex (with
 * Pattern.DOTALL, as Graylog compiles extractor regexes) and in JavaScript with the `su` flags,
 * so that running it in JS tells what Graylog does. Returns the problems (empty = portable).
 *
 * Left out on purpose: \s \S \b \B (Java's are ASCII/Unicode-mixed, JS's Unicode), `$` (Java
 * also matches before a final line break), possessive quantifiers, \Q…\E, named groups, flags,
 * nested classes and `&&` (class operators in Java, literals in JS), and lone `{ } ]` (literals
 * in Java, syntax errors in JS with `u`).
 */
const OUTSIDE_ESCAPES = new Set([
  'd',
  'w',
  'n',
  't',
  '^',
  '$',
  '\\',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  '/',
]);
const CLASS_ESCAPES = new Set([...OUTSIDE_ESCAPES, '-']);

export function portabilityProblems(regex: string): string[] {
  const problems: string[] = [];
  let i = 0;
  let afterQuantifier = false;
  while (i < regex.length) {
    const ch = regex[i] as string;
    const quantified: boolean = afterQuantifier;
    afterQuantifier = false;
    if (ch === '\\') {
      const next = regex[i + 1] ?? '';
      if (!OUTSIDE_ESCAPES.has(next)) problems.push(`\\${next} at ${i}`);
      i += 2;
    } else if (ch === '[') {
      let j = i + 1;
      if (regex[j] === '^') j += 1;
      if (regex[j] === ']') problems.push(`empty or ]-first class at ${i}`);
      while (j < regex.length && regex[j] !== ']') {
        const c = regex[j] as string;
        if (c === '\\') {
          if (!CLASS_ESCAPES.has(regex[j + 1] ?? ''))
            problems.push(`\\${regex[j + 1] ?? ''} in class at ${j}`);
          j += 2;
          continue;
        }
        if (c === '[') problems.push(`[ inside a class at ${j} (nested class in Java)`);
        if (c === '&' && regex[j + 1] === '&')
          problems.push(`&& inside a class at ${j} (intersection in Java)`);
        if (c.charCodeAt(0) > 0x7e || c.charCodeAt(0) < 0x20)
          problems.push(`non-ASCII in class at ${j}`);
        j += 1;
      }
      if (j >= regex.length) problems.push(`unclosed class at ${i}`);
      i = j + 1;
    } else if (ch === '(') {
      const prefix = /^\((?:\?(?::|=|!|<=|<!))?/.exec(regex.slice(i))?.[0] ?? '(';
      if (prefix === '(' && regex[i + 1] === '?')
        problems.push(`group (?${regex[i + 2] ?? ''} at ${i}`);
      i += prefix.length;
    } else if (ch === '$') {
      problems.push(`$ at ${i} (Java also matches before a final line break; use (?![^\\n]))`);
      i += 1;
    } else if (ch === '{') {
      const m = /^\{\d+(,\d*)?\}/.exec(regex.slice(i));
      if (m === null) problems.push(`lone { at ${i}`);
      i += m === null ? 1 : m[0].length;
      afterQuantifier = true;
    } else if (ch === '}' || ch === ']') {
      problems.push(`lone ${ch} at ${i}`);
      i += 1;
    } else {
      if (ch === '+' && quantified) problems.push(`possessive quantifier at ${i}`);
      if (ch.charCodeAt(0) > 0x7e || ch.charCodeAt(0) < 0x20)
        problems.push(`non-ASCII literal at ${i}`);
      // `?` right after a quantifier makes it lazy (same in both); it ends the quantifier.
      afterQuantifier = (ch === '*' || ch === '+' || ch === '?') && !quantified;
      i += 1;
    }
  }
  return problems;
}
