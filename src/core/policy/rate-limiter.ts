/**
 * Counts new bans per reporting credential in a sliding one-minute window, so that a broken
 * extractor or a flood cannot block the world. In memory on purpose: a restart forgets the
 * window, which only ever lets a little more through, never less.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private sweepAbove = 1024;

  constructor(
    readonly perMinute: number,
    readonly windowMs = 60_000,
  ) {}

  /** How many more new bans `source` may create now. */
  remaining(source: string, now: number): number {
    return Math.max(0, this.perMinute - this.recent(source, now).length);
  }

  record(source: string, now: number, count = 1): void {
    const list = this.recent(source, now);
    for (let i = 0; i < count; i++) list.push(now);
    this.events.set(source, list);
    if (this.events.size > this.sweepAbove) this.sweep(now);
  }

  /** Forgets sources with nothing in the window, so that many one-off keys cannot pile up. */
  private sweep(now: number): void {
    for (const source of [...this.events.keys()]) this.recent(source, now);
    this.sweepAbove = Math.max(1024, this.events.size * 2);
  }

  /** Seconds until `source` may create one more. */
  retryAfterSeconds(source: string, now: number): number {
    const first = this.recent(source, now)[0];
    return first === undefined ? 0 : Math.max(1, Math.ceil((first + this.windowMs - now) / 1000));
  }

  private recent(source: string, now: number): number[] {
    const list = this.events.get(source) ?? [];
    let drop = 0;
    while (drop < list.length && (list[drop] as number) <= now - this.windowMs) drop++;
    const kept = drop > 0 ? list.slice(drop) : list;
    if (kept.length === 0) this.events.delete(source);
    else if (drop > 0) this.events.set(source, kept);
    return kept;
  }
}
