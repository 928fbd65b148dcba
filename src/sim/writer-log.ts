/** What the simulator saw of its writers (for tests of "one writer per router"). */
export interface WriterStats {
  /** Address-list writes (add, remove, set, unset) by login name. */
  writesByUser: Record<string, number>;
  /**
   * The most connections that had written and were still open at the moment of a write.
   * One writer at a time keeps this at 1: a second client may write only after the first
   * one's connection is gone.
   */
  maxConcurrentWriters: number;
}

export class WriterLog {
  private readonly openWriters = new Set<number>();
  private readonly byUser = new Map<string, number>();
  private maxConcurrent = 0;

  wrote(session: number, user: string): void {
    this.openWriters.add(session);
    this.byUser.set(user, (this.byUser.get(user) ?? 0) + 1);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.openWriters.size);
  }

  closed(session: number): void {
    this.openWriters.delete(session);
  }

  stats(): WriterStats {
    return {
      writesByUser: Object.fromEntries(this.byUser),
      maxConcurrentWriters: this.maxConcurrent,
    };
  }
}
