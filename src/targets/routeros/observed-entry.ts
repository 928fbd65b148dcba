import { isOwnedComment, type Family, type ObservedEntry } from '../target.js';
import { routerAddressToKey } from './address.js';
import type { Row } from './command-result.js';
import { parseRouterOsDuration } from './routeros-duration.js';

/** Properties list() asks for (`.proplist` keeps the router from computing the rest, docs/routeros-notes.md §1.8). */
export const LIST_PROPLIST = '.id,address,comment,timeout,dynamic,disabled';

/** Booleans print as true/false on the API; yes/no in old docs (docs/routeros-notes.md §1.4). Accept both. */
export function routerBoolean(value: string | undefined): boolean {
  return value === 'true' || value === 'yes';
}

export function observedEntry(row: Row, family: Family): ObservedEntry {
  const comment = row.get('comment') ?? '';
  const timeout = row.get('timeout');
  return {
    id: row.get('.id') ?? '',
    key: routerAddressToKey(row.get('address') ?? '', family),
    family,
    comment,
    owned: isOwnedComment(comment),
    dynamic: routerBoolean(row.get('dynamic')),
    disabled: routerBoolean(row.get('disabled')),
    timeoutMs: timeout === undefined ? null : (parseRouterOsDuration(timeout) ?? null),
  };
}
