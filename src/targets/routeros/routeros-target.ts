import { BanbridgeError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import type { Log } from '../../core/logger.js';
import type { RouterConfig } from '../../config/types.js';
import {
  coversBan,
  isOwnedComment,
  type DesiredEntry,
  type Family,
  type ObservedEntry,
  type RemoveByKey,
  type Target,
  type TargetResult,
} from '../target.js';
import { keyToRouterAddress } from './address.js';
import { RouterOsClient } from './client.js';
import { sanitiseComment } from './comment.js';
import { entryTimeout } from './entry-timeout.js';
import { LIST_PROPLIST, observedEntry } from './observed-entry.js';
import {
  OK,
  failure,
  failureFrom,
  isDuplicateTrap,
  isNoSuchItemTrap,
  trapError,
} from './results.js';
import { parseRouterOsDuration } from './routeros-duration.js';
import { tlsSettings } from './tls-settings.js';

const MENU: Record<Family, string> = {
  4: '/ip/firewall/address-list',
  6: '/ipv6/firewall/address-list',
};

export interface RouterOsTargetOptions {
  /** Epoch ms; tests pass a fixed clock. */
  clock?: () => number;
  /**
   * Most rows one list read accepts (owned and foreign, both families): a router streaming
   * rows without end fails with ROUTER_PROTOCOL instead of filling memory. createTargets
   * derives it from policy.max_active_bans.
   */
  listMaxRows?: number;
}

/**
 * The Target for a MikroTik router over the RouterOS API: IPv4 keys in
 * /ip/firewall/address-list (`address_list`), IPv6 keys in /ipv6/firewall/address-list
 * (`address_list_v6`). Every method returns one result per entry and never throws for a
 * per-entry failure: a router trap is a non-retryable failure of that entry, a connection
 * failure a (usually retryable) failure of each entry it affected.
 */
export class RouterOsTarget implements Target {
  readonly name: string;
  readonly entryMode: 'dynamic' | 'static';
  private readonly client: RouterOsClient;
  private readonly clock: () => number;
  private readonly listTimeoutMs: number;
  private readonly listMaxRows: number;
  private warnedNoIpv6 = false;

  constructor(
    private readonly config: RouterConfig,
    private readonly log: Log,
    options: RouterOsTargetOptions = {},
  ) {
    this.name = config.name;
    this.entryMode = config.entry_mode;
    this.clock = options.clock ?? Date.now;
    const commandTimeoutMs = parseDuration(config.command_timeout, 'command_timeout');
    // A print of a big list can take long on a real router (30k entries > 20 s, docs/routeros-notes.md §2.5);
    // the timeout is per reply, but the first row may come late.
    this.listTimeoutMs = Math.max(commandTimeoutMs, 120_000);
    this.listMaxRows = options.listMaxRows ?? 250_000;
    this.client = new RouterOsClient({
      name: config.name,
      host: config.host,
      port: config.port,
      tls: config.tls ? tlsSettings(config, config.host) : undefined,
      username: config.username,
      password: config.password,
      window: config.pipeline_window,
      commandTimeoutMs,
      connectTimeoutMs: parseDuration(config.connect_timeout, 'connect_timeout'),
      log,
    });
  }

  add(entries: readonly DesiredEntry[]): Promise<TargetResult[]> {
    return Promise.all(entries.map((entry) => this.addOne(entry).catch(failureFrom)));
  }

  remove(keys: readonly RemoveByKey[]): Promise<TargetResult[]> {
    return Promise.all(keys.map((key) => this.removeOne(key).catch(failureFrom)));
  }

  removeIds(ids: readonly { id: string; family: Family }[]): Promise<TargetResult[]> {
    return Promise.all(
      ids.map(({ id, family }) => this.removeById(id, family, id).catch(failureFrom)),
    );
  }

  refresh(
    entries: readonly { id: string; family: Family; entry: DesiredEntry }[],
  ): Promise<TargetResult[]> {
    return Promise.all(
      entries.map(async ({ id, family, entry }) => {
        try {
          const words = this.setWords(id, family, entry);
          if (!words) return OK;
          const result = await this.client.command(words);
          if (result.traps.length === 0) return OK;
          // The entry's timeout ran out between list and set: add it again.
          if (isNoSuchItemTrap(result.traps)) return await this.addOne(entry);
          return failure(trapError(this.client.label, `set ${id} (${entry.key})`, result.traps));
        } catch (error) {
          return failureFrom(error);
        }
      }),
    );
  }

  async list(): Promise<ObservedEntry[]> {
    const entries: ObservedEntry[] = [];
    let rows = 0;
    await Promise.all(
      ([4, 6] as const).map(async (family) => {
        const result = await this.client.command(
          [
            `${MENU[family]}/print`,
            `=.proplist=${LIST_PROPLIST}`,
            `?list=${this.listName(family)}`,
          ],
          {
            timeoutMs: this.listTimeoutMs,
            // However fast rows come, a read ends: a 100,000-row print takes seconds (bench).
            deadlineMs: this.listTimeoutMs * 5,
            // The hard bound against a router that never stops sending (the session ends,
            // ROUTER_PROTOCOL); twice what is kept, so a list merely too long is read to its
            // end, its rows past the cap counted but not kept, and the session stays.
            maxRows: 2 * this.listMaxRows,
            onRow: (row) => {
              // Both families together stay under the cap.
              if (++rows <= this.listMaxRows) entries.push(observedEntry(row, family));
            },
          },
        );
        if (result.traps.length > 0) {
          // A router without IPv6 (RouterOS 6 with the ipv6 package disabled) has no
          // /ipv6 menu: it answers `no such command` (docs/routeros-notes.md §1.4). Its IPv6 list is empty.
          if (family === 6 && result.traps.some((t) => /no such command/.test(t.message))) {
            if (!this.warnedNoIpv6) {
              this.warnedNoIpv6 = true;
              this.log.warn('router has no /ipv6 menu; IPv6 bans cannot be applied to it', {
                router: this.name,
              });
            }
            return;
          }
          throw trapError(this.client.label, `${MENU[family]}/print`, result.traps);
        }
      }),
    );
    if (rows > this.listMaxRows) {
      // Not a connection failure: the router answered, and its queued operations still go
      // out (a reconcile that fails this way is tried again at the next interval). Were the
      // rows past the cap dropped, their entries would look missing and be added again.
      throw new BanbridgeError(
        'ROUTER_LIST_TOO_LONG',
        `${this.client.label}: the address lists hold ${rows} entries, more than banbridge reads ` +
          `(${this.listMaxRows}: 2 × policy.max_active_bans + 50,000); not reconciled, queued ` +
          'operations still go out. Remove entries, or raise policy.max_active_bans',
      );
    }
    return entries;
  }

  async uptimeSeconds(): Promise<number> {
    const result = await this.client.command(['/system/resource/print', '=.proplist=uptime']);
    if (result.traps.length > 0) {
      throw trapError(this.client.label, '/system/resource/print', result.traps);
    }
    const text = result.rows[0]?.get('uptime');
    const ms = text === undefined ? undefined : parseRouterOsDuration(text);
    if (ms === undefined) {
      throw new BanbridgeError(
        'ROUTER_PROTOCOL',
        `${this.client.label}: /system/resource/print gave no readable uptime (${text ?? 'none'})`,
      );
    }
    return Math.floor(ms / 1000);
  }

  /**
   * `/system/identity` name and `/system/resource` board-name: what the router calls itself
   * (MikroTik manual "System > Identity"). Recorded by the worker on first sync.
   */
  async identity(): Promise<string> {
    const [name, board] = await Promise.all([
      this.client.command(['/system/identity/print', '=.proplist=name']),
      this.client.command(['/system/resource/print', '=.proplist=board-name']),
    ]);
    for (const [result, what] of [
      [name, '/system/identity/print'],
      [board, '/system/resource/print'],
    ] as const) {
      if (result.traps.length > 0) throw trapError(this.client.label, what, result.traps);
    }
    const identity = name.rows[0]?.get('name') ?? '';
    const boardName = board.rows[0]?.get('board-name') ?? '';
    return `${identity} (${boardName})`;
  }

  onReconnect(listener: () => void): void {
    this.client.on('connected', () => listener());
  }

  onDisconnect(listener: () => void): void {
    this.client.on('disconnected', () => listener());
  }

  fence(mayWrite: () => BanbridgeError | undefined): void {
    this.client.fence(mayWrite);
  }

  drop(error: BanbridgeError): Promise<void> {
    return this.client.drop(error);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async addOne(entry: DesiredEntry, retried = false): Promise<TargetResult> {
    const timeout = this.timeoutFor(entry);
    if (this.entryMode === 'dynamic' && timeout === undefined) return OK; // ban already over
    const address = keyToRouterAddress(entry.key, entry.family);
    const result = await this.client.command([
      `${MENU[entry.family]}/add`,
      `=list=${this.listName(entry.family)}`,
      `=address=${address}`,
      `=comment=${sanitiseComment(entry.comment)}`,
      ...(timeout === undefined ? [] : [`=timeout=${timeout}`]),
    ]);
    if (result.traps.length === 0) return OK;
    if (isDuplicateTrap(result.traps) && !retried) return this.refreshExisting(entry, address);
    return failure(trapError(this.client.label, `add ${entry.key}`, result.traps));
  }

  /** After `already have such entry`: find it and refresh it (one print, then set; no loop). */
  private async refreshExisting(entry: DesiredEntry, address: string): Promise<TargetResult> {
    const rows = await this.find(entry.family, address);
    // Gone in between (timeout expired): add once more, without coming back here.
    if (rows.length === 0) return this.addOne(entry, true);
    const owned = rows.filter((row) => isOwnedComment(row.get('comment') ?? ''));
    if (owned.length === 0) {
      // The operator's own entry: never changed. It stands for the ban only if it blocks for
      // all of it (planReconcile asks the same); else the ban is not in place, and saying so
      // keeps it from being reported present while nothing is blocked.
      const now = this.clock();
      if (rows.some((row) => coversBan(observedEntry(row, entry.family), entry.expiresAt, now))) {
        this.log.debug('routeros: address already listed by the operator; left as is', {
          router: this.name,
          key: entry.key,
        });
        return OK;
      }
      return failure(
        new BanbridgeError(
          'ROUTER_SHADOWED',
          `${this.client.label}: ${entry.key} is on the list as the operator's own entry, which ` +
            'is disabled or runs out before the ban, and the router refuses a second one; ' +
            'banbridge never changes it: enable or remove it',
        ),
      );
    }
    for (const row of owned) {
      const words = this.setWords(row.get('.id') ?? '', entry.family, entry);
      if (!words) continue;
      const result = await this.client.command(words);
      if (result.traps.length > 0 && !isNoSuchItemTrap(result.traps)) {
        return failure(trapError(this.client.label, `set ${entry.key}`, result.traps));
      }
    }
    return OK;
  }

  private async removeOne({ key, family }: RemoveByKey): Promise<TargetResult> {
    const rows = await this.find(family, keyToRouterAddress(key, family));
    for (const row of rows) {
      if (!isOwnedComment(row.get('comment') ?? '')) continue; // the operator's own entry
      const removed = await this.removeById(row.get('.id') ?? '', family, key);
      if (!removed.ok) return removed;
    }
    return OK;
  }

  private async removeById(id: string, family: Family, what: string): Promise<TargetResult> {
    const result = await this.client.command([`${MENU[family]}/remove`, `=.id=${id}`]);
    if (result.traps.length === 0 || isNoSuchItemTrap(result.traps)) return OK;
    return failure(trapError(this.client.label, `remove ${what}`, result.traps));
  }

  /** `print ?list= ?address=`; may match more than one entry (docs/routeros-notes.md §2.3). */
  private async find(family: Family, address: string) {
    const result = await this.client.command([
      `${MENU[family]}/print`,
      `=.proplist=${LIST_PROPLIST}`,
      `?list=${this.listName(family)}`,
      `?address=${address}`,
    ]);
    if (result.traps.length > 0) {
      throw trapError(this.client.label, `${MENU[family]}/print`, result.traps);
    }
    return result.rows;
  }

  private setWords(id: string, family: Family, entry: DesiredEntry): string[] | undefined {
    const timeout = this.timeoutFor(entry);
    if (this.entryMode === 'dynamic' && timeout === undefined) return undefined;
    return [
      `${MENU[family]}/set`,
      `=.id=${id}`,
      // A disabled owned entry blocks nothing: enable it (MikroTik manual, address-list `disabled`).
      '=disabled=no',
      `=comment=${sanitiseComment(entry.comment)}`,
      ...(timeout === undefined ? [] : [`=timeout=${timeout}`]),
    ];
  }

  private timeoutFor(entry: DesiredEntry): string | undefined {
    return this.entryMode === 'dynamic' ? entryTimeout(entry.expiresAt, this.clock()) : undefined;
  }

  private listName(family: Family): string {
    return family === 4 ? this.config.address_list : this.config.address_list_v6;
  }
}
