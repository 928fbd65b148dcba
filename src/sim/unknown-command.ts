import { done, type SimSentence } from './sim-request.js';

/**
 * The menus the simulator knows (a small slice of RouterOS's tree) and their commands.
 * Every other path gets the unknown-command traps, naming the first segment that is not
 * there, as RouterOS does: `/system/routerboard/getall` → `(routerboard)` (home-assistant/core
 * issue #68115), `/ip/firewall/adress/print` → `(adress)` (Townet API manual).
 */
const LIST_VERBS = ['add', 'print', 'getall', 'set', 'remove', 'enable', 'disable', 'find'];
const READ_VERBS = ['print', 'getall'];
const TREE: Record<string, readonly string[]> = {
  'ip/firewall/address-list': LIST_VERBS,
  'ipv6/firewall/address-list': LIST_VERBS,
  'system/resource': READ_VERBS,
  'system/identity': READ_VERBS,
  'interface/pptp-server': READ_VERBS,
  'ip/dhcp-server/lease': READ_VERBS,
};

const PREFIXES = new Set(
  Object.keys(TREE).flatMap((menu) =>
    menu.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);

/** The first segment of `command` that names no known menu or command. */
export function unknownSegment(command: string): string {
  const segments = command.split('/').filter(Boolean);
  for (let i = 0; i < segments.length; i++) {
    const prefix = segments.slice(0, i + 1).join('/');
    if (PREFIXES.has(prefix)) continue;
    const menu = segments.slice(0, i).join('/');
    if (i === segments.length - 1 && TREE[menu]?.includes(segments[i] as string)) continue;
    return segments[i] as string;
  }
  return segments[segments.length - 1] ?? '';
}

/** Unknown path: two traps then `!done` (home-assistant/core #68115; Townet API manual layout). */
export function unknownCommand(command: string): SimSentence[] {
  return [
    {
      type: '!trap',
      words: ['=category=0', `=message=no such command or directory (${unknownSegment(command)})`],
    },
    { type: '!trap', words: ['=message=no such command prefix'] },
    done(),
  ];
}
