import { OWNED_COMMENT_PREFIX } from '../target.js';

/**
 * Router comments. RouterOS has no declared text encoding (docs/routeros-notes.md §1.2; node-routeros sends
 * win1252 and mangles anything else, §3.3-9), so we only send printable ASCII: other
 * characters become `?`, control characters and runs of whitespace a single space. Length is
 * capped well below anything a router refuses; ownership (target.ts `isOwnedComment`) relies on
 * the `banbridge` prefix, which is enforced here too.
 */
export const MAX_COMMENT_LENGTH = 200;

export function sanitiseComment(comment: string): string {
  let text = '';
  for (const char of comment) {
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f || /\s/.test(char)) text += ' ';
    else text += code > 0x7e ? '?' : char;
  }
  text = text.replace(/ {2,}/g, ' ').trim();
  if (!text.startsWith(OWNED_COMMENT_PREFIX)) text = `${OWNED_COMMENT_PREFIX} ${text}`.trim();
  return text.length > MAX_COMMENT_LENGTH ? text.slice(0, MAX_COMMENT_LENGTH) : text;
}
