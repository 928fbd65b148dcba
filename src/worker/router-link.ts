import type { BanbridgeError } from '../core/errors.js';
import { backoffDelay, RECONNECT, REFUSED } from './backoff.js';

/**
 * Whether one router answers, and when to try it next (the RECONNECT policy). Only router
 * (connection) failures change it: a store failure is not the router being down.
 */
export class RouterLink {
  state: 'unknown' | 'connected' | 'down' = 'unknown';
  lastError: { code: string; message: string } | null = null;
  lastContactAt: number | null = null;
  downSince: number | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  /** Set when the connection dropped: probe at once, whatever the state says. */
  private lost = false;
  /** Down because the router refused us (credentials, certificate): retried slowly (REFUSED). */
  refused = false;

  constructor(private readonly random: () => number = Math.random) {}

  /** A command succeeded. Returns how long the router was down, when it was. */
  up(now: number): number | null {
    const downFor = this.downSince === null ? null : now - this.downSince;
    this.state = 'connected';
    this.downSince = null;
    this.failures = 0;
    this.lost = false;
    this.refused = false;
    this.lastError = null;
    this.lastContactAt = now;
    return downFor;
  }

  /** An attempt failed for a connection reason. Returns true on the first failure of an outage. */
  down(error: BanbridgeError, now: number): boolean {
    const first = this.downSince === null;
    if (first) this.downSince = now;
    this.failures++;
    this.lost = false;
    this.refused = !error.retryable;
    const policy = this.refused ? REFUSED : RECONNECT;
    this.nextAttemptAt = now + backoffDelay(this.failures, policy, this.random);
    this.state = 'down';
    this.lastError = { code: error.code, message: error.message };
    return first;
  }

  /** Someone asked for a sync: the next pass attempts now, whatever the backoff says. */
  retryNow(): void {
    this.nextAttemptAt = 0;
  }

  /** The session ended (router reboot, reset, our timeout): reconnect now, not at the next probe. */
  dropped(): void {
    this.lost = true;
    this.nextAttemptAt = 0;
  }

  /** True when the next pass must (re)connect before anything else. */
  mustProbe(): boolean {
    return this.lost || this.state === 'down';
  }

  /** While down, attempts wait for the backoff; wake-ups before then are not attempts. */
  mayAttempt(now: number): boolean {
    return this.state !== 'down' || now >= this.nextAttemptAt;
  }

  /** True once the router has been down for at least `ms` without a successful command. */
  downAtLeast(ms: number, now: number): boolean {
    return this.downSince !== null && now - this.downSince >= ms;
  }

  msUntilAttempt(now: number): number {
    return Math.max(0, this.nextAttemptAt - now);
  }
}
