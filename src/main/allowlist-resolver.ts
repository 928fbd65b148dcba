import { lookup } from 'node:dns/promises';
import { compileAllowlist, type Allowlist } from '../core/ip/index.js';
import type { Config } from '../config/types.js';
import { parseDuration } from '../core/duration.js';
import type { Log } from '../core/logger.js';

/** The resolver for a config: policy.allowlist plus every router's host. */
export function allowlistResolver(config: Config, log: Log): AllowlistResolver {
  return new AllowlistResolver(
    config.policy.allowlist,
    parseDuration(config.policy.allowlist_refresh, 'policy.allowlist_refresh'),
    log,
    undefined,
    config.routers.map((r) => r.host),
  );
}

/**
 * Keeps the compiled allowlist current: host-name entries (the operator's dynamic home
 * address) are resolved at start and every `refreshMs`. A failed lookup keeps the addresses
 * of the last successful one, so a DNS outage never un-protects the operator.
 *
 * Besides policy.allowlist, every router's own `host` is protected (anti-lockout: banning a
 * router's address would cut banbridge, and usually the operator, off from it).
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
    private readonly routerHosts: readonly string[] = [],
  ) {
    this.current = this.compile();
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
    this.current = this.compile();
    if (this.current.entries.map((e) => e.text).join(',') !== before) this.listener?.(this.current);
  }

  /** policy.allowlist plus each router host that is an address or a resolvable name. */
  private compile(): Allowlist {
    const base = compileAllowlist(this.configured, { resolved: this.resolved });
    const extra = this.routerHosts.flatMap((host, i) => {
      try {
        const one = compileAllowlist([host], { resolved: this.resolved });
        return [{ one, path: `routers[${i}].host` }];
      } catch {
        return []; // not an address or host name banbridge could protect (e.g. a bare label)
      }
    });
    return Object.freeze({
      entries: Object.freeze([
        ...base.entries,
        ...extra.flatMap(({ one, path }) => one.entries.map((e) => ({ ...e, path }))),
      ]),
      hostnames: Object.freeze([
        ...new Set([...base.hostnames, ...extra.flatMap(({ one }) => one.hostnames)]),
      ]),
      unresolved: Object.freeze([
        ...new Set([...base.unresolved, ...extra.flatMap(({ one }) => one.unresolved)]),
      ]),
    });
  }
}

async function defaultResolve(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return [...new Set(found.map((a) => a.address))].sort();
}
