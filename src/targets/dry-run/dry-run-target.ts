import type { BanbridgeError } from '../../core/errors.js';
import type { Log } from '../../core/logger.js';
import {
  isOwnedComment,
  type DesiredEntry,
  type Family,
  type ObservedEntry,
  type RemoveByKey,
  type Target,
  type TargetResult,
} from '../target.js';

export interface DryRunTargetOptions {
  name?: string;
  entryMode?: 'dynamic' | 'static';
  /** Epoch ms; tests pass a fixed clock. */
  clock?: () => number;
}

interface Stored {
  id: string;
  family: Family;
  key: string;
  comment: string;
  expiresAt: number | null;
}

const OK: TargetResult = { ok: true };

/**
 * A Target that changes nothing anywhere: it keeps the entries it would have written in
 * memory and logs each action (crowdsec cs-firewall-bouncer's `pkg/dryrun` idea). Used by
 * `banbridge serve` when no router is configured, and by tests of the worker/reconciler.
 */
export class DryRunTarget implements Target {
  private mayWrite: (() => BanbridgeError | undefined) | undefined;
  readonly name: string;
  readonly entryMode: 'dynamic' | 'static';
  private readonly entries = new Map<string, Stored>();
  private nextId = 1;
  private readonly clock: () => number;
  private readonly bootedAt: number;

  constructor(
    private readonly log: Log,
    options: DryRunTargetOptions = {},
  ) {
    this.name = options.name ?? 'dry-run';
    this.entryMode = options.entryMode ?? 'dynamic';
    this.clock = options.clock ?? Date.now;
    this.bootedAt = this.clock();
  }

  async add(entries: readonly DesiredEntry[]): Promise<TargetResult[]> {
    this.fenced();
    return entries.map((entry) => {
      const existing = this.entries.get(slot(entry.family, entry.key));
      this.log.info('dry-run: would add', {
        target: this.name,
        key: entry.key,
        refresh: !!existing,
      });
      this.entries.set(slot(entry.family, entry.key), {
        id: existing?.id ?? `*${(this.nextId++).toString(16).toUpperCase()}`,
        family: entry.family,
        key: entry.key,
        comment: entry.comment,
        expiresAt: this.entryMode === 'dynamic' ? entry.expiresAt : null,
      });
      return OK;
    });
  }

  async remove(keys: readonly RemoveByKey[]): Promise<TargetResult[]> {
    this.fenced();
    return keys.map(({ key, family }) => {
      this.log.info('dry-run: would remove', { target: this.name, key });
      this.entries.delete(slot(family, key));
      return OK;
    });
  }

  async removeIds(ids: readonly { id: string; family: Family }[]): Promise<TargetResult[]> {
    this.fenced();
    return ids.map(({ id, family }) => {
      for (const [k, stored] of this.entries) {
        if (stored.id === id && stored.family === family) {
          this.log.info('dry-run: would remove', { target: this.name, key: stored.key, id });
          this.entries.delete(k);
        }
      }
      return OK;
    });
  }

  async refresh(
    entries: readonly { id: string; family: Family; entry: DesiredEntry }[],
  ): Promise<TargetResult[]> {
    this.fenced();
    return entries.map(({ id, family, entry }) => {
      const stored = this.entries.get(slot(family, entry.key));
      this.log.info('dry-run: would refresh', { target: this.name, key: entry.key, id });
      if (stored) {
        stored.comment = entry.comment;
        stored.expiresAt = this.entryMode === 'dynamic' ? entry.expiresAt : null;
      }
      return OK;
    });
  }

  async list(): Promise<ObservedEntry[]> {
    const now = this.clock();
    const out: ObservedEntry[] = [];
    for (const [k, stored] of this.entries) {
      if (stored.expiresAt !== null && stored.expiresAt <= now) {
        this.entries.delete(k); // a dynamic entry's timeout ran out, as on a router
        continue;
      }
      out.push({
        id: stored.id,
        key: stored.key,
        family: stored.family,
        comment: stored.comment,
        owned: isOwnedComment(stored.comment),
        dynamic: stored.expiresAt !== null,
        disabled: false,
        timeoutMs: stored.expiresAt === null ? null : stored.expiresAt - now,
      });
    }
    return out;
  }

  async uptimeSeconds(): Promise<number> {
    return Math.floor((this.clock() - this.bootedAt) / 1000);
  }

  async identity(): Promise<string> {
    return `dry-run ${this.name}`;
  }

  onReconnect(_listener: () => void): void {
    // Never disconnects.
  }

  onDisconnect(_listener: () => void): void {
    // Never disconnects.
  }

  /** Like a router's: a fenced dry run logs nothing as applied once the fence refuses. */
  fence(mayWrite: () => BanbridgeError | undefined): void {
    this.mayWrite = mayWrite;
  }

  async drop(): Promise<void> {}

  async close(): Promise<void> {}

  private fenced(): void {
    const refused = this.mayWrite?.();
    if (refused !== undefined) throw refused;
  }
}

function slot(family: Family, key: string): string {
  return `${family} ${key}`;
}
