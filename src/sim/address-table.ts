import { formatDuration } from '../core/duration.js';

export interface SimEntry {
  id: number;
  list: string;
  /** Normalised, as the router prints it. */
  address: string;
  comment: string | undefined;
  /** Epoch ms when a dynamic entry with a timeout disappears. */
  expiresAt: number | undefined;
  dynamic: boolean;
  disabled: boolean;
  createdAt: number;
}

export type NewEntry = Omit<SimEntry, 'id' | 'createdAt'>;

/** `.id` as RouterOS prints it: `*` + upper-case hex (`*1`, `*A`, `*3C`; docs/routeros-notes.md §2.2). */
export function formatId(id: number): string {
  return `*${id.toString(16).toUpperCase()}`;
}

export function parseId(text: string): number | undefined {
  return /^\*[0-9A-Fa-f]+$/.test(text) ? parseInt(text.slice(1), 16) : undefined;
}

/**
 * One address-list table (/ip or /ipv6). Indexed by id (Map keeps insertion = id order, which
 * is print order) and by list+address, so adds and duplicate checks stay O(1) at 100,000
 * entries. Expired dynamic entries are dropped lazily whenever they are looked at.
 */
export class AddressTable {
  private readonly byId = new Map<number, SimEntry>();
  private readonly byKey = new Map<string, SimEntry>();
  private nextId = 1;

  constructor(private readonly clock: () => number) {}

  get size(): number {
    return this.byId.size;
  }

  findByKey(list: string, address: string): SimEntry | undefined {
    return this.live(this.byKey.get(key(list, address)));
  }

  get(id: number): SimEntry | undefined {
    return this.live(this.byId.get(id));
  }

  /** Inserts without checks (callers check duplicates first). */
  insert(fields: NewEntry): SimEntry {
    const entry: SimEntry = { ...fields, id: this.nextId++, createdAt: this.clock() };
    this.byId.set(entry.id, entry);
    this.byKey.set(key(entry.list, entry.address), entry);
    return entry;
  }

  delete(entry: SimEntry): void {
    this.byId.delete(entry.id);
    if (this.byKey.get(key(entry.list, entry.address)) === entry) {
      this.byKey.delete(key(entry.list, entry.address));
    }
  }

  /** Re-keys an entry after its list or address changed. */
  rekey(entry: SimEntry, list: string, address: string): void {
    this.byKey.delete(key(entry.list, entry.address));
    entry.list = list;
    entry.address = address;
    this.byKey.set(key(list, address), entry);
  }

  *entries(): IterableIterator<SimEntry> {
    for (const entry of this.byId.values()) {
      if (this.live(entry)) yield entry;
    }
  }

  /** Reboot: dynamic entries live in RAM only (AL-manual). */
  dropDynamic(): void {
    for (const entry of [...this.byId.values()]) if (entry.dynamic) this.delete(entry);
  }

  /** The entry as `print` shows it, in the order real routers use (docs/routeros-notes.md §2.2 captures). */
  printed(entry: SimEntry): Map<string, string> {
    const row = new Map<string, string>([
      ['.id', formatId(entry.id)],
      ['list', entry.list],
      ['address', entry.address],
      ['creation-time', creationTime(entry.createdAt)],
    ]);
    if (entry.expiresAt !== undefined) {
      row.set('timeout', formatDuration(entry.expiresAt - this.clock()));
    }
    row.set('dynamic', String(entry.dynamic));
    row.set('disabled', String(entry.disabled));
    if (entry.comment !== undefined) row.set('comment', entry.comment);
    return row;
  }

  private live(entry: SimEntry | undefined): SimEntry | undefined {
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.clock()) {
      this.delete(entry);
      return undefined;
    }
    return entry;
  }
}

function key(list: string, address: string): string {
  return `${list}\u0000${address}`;
}

/** v7 format `2026-09-28 16:48:57` (REST-manual; AL-manual). */
function creationTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
