import { lookup } from 'node:dns/promises';
import { compileAllowlist, type Allowlist } from '../core/ip/index.js';
import type { Log } from '../core/logger.js';

/**
 * Keeps the compiled allowlist current: host-name entries (the operator's dynamic home
 * address) are resolved at start and every `refreshMs`. A failed lookup keeps the addresses
 * of the last successful one, so a DNS outage never un-protects the operator.
 */
export class AllowlistResolver {
  private current: Allowlist;
  private readonly resolved = new Map<string, readonly string[]>();
  private timer: NodeJS.Timeout | undefined;

  private listener: ((allowlist: Allowlist) => void) | undefined;

  constructor(
    private readonly configured: readonly string[],
    private readonly refreshMs: number,
    private readonly log: Log,
    private readonly resolve: (host: string) => Promise<string[]> = defaultResolve,
  ) {
    this.current = compileAllowlist(configured);
  }

  /** Called with the new allowlist whenever a refresh changed what it protects. */
  onChange(listener: (allowlist: Allowlist) => void): void {
    this.listener = listener;
  }

  get allowlist(): Allowlist {
    return this.current;
  }

  async start(): Promise<void> {
    await this.refresh();
    if (this.current.hostnames.length > 0) {
      this.timer = setInterval(() => void this.refresh(), this.refreshMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    for (const host of this.current.hostnames) {
      try {
        const addresses = await this.resolve(host);
        const before = (this.resolved.get(host) ?? []).join(',');
        this.resolved.set(host, addresses);
        if (before !== addresses.join(','))
          this.log.info('allowlist host resolved', { host, addresses });
      } catch (error) {
        this.log.warn('allowlist host did not resolve; keeping its last addresses', {
          host,
          kept: this.resolved.get(host) ?? [],
          error: (error as NodeJS.ErrnoException).code ?? String(error),
        });
      }
    }
    const before = this.current.entries.map((e) => e.text).join(',');
    this.current = compileAllowlist(this.configured, { resolved: this.resolved });
    if (this.current.entries.map((e) => e.text).join(',') !== before) this.listener?.(this.current);
  }
}

async function defaultResolve(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return [...new Set(found.map((a) => a.address))].sort();
}
