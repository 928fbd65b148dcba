import { RateLimiter } from '../core/policy/rate-limiter.js';

/**
 * Failed authentications per client address and presented user name (wrong tokens share
 * one slot per address, `token`). Requests that present no credential are not counted, and
 * the throttle is consulted only after the secret was checked: a valid token is never
 * refused, a valid password is while its slot is locked (auth.ts `accepted`). It limits
 * what a client with a wrong secret is told (429 instead of 401) and how much it can fill
 * the log, while one client with a stale password cannot lock out another user or
 * Graylog's token from the same address. The console's sign-in form uses the same slots
 * (client address, user name).
 */
export class AuthThrottle {
  private readonly failures: RateLimiter;
  /** Log lines per client address for unknown user names: each is a new slot above. */
  private readonly logged: RateLimiter;

  constructor(
    readonly maxFailuresPerMinute = 10,
    readonly maxLoggedPerMinute = 20,
  ) {
    this.failures = new RateLimiter(maxFailuresPerMinute);
    this.logged = new RateLimiter(maxLoggedPerMinute);
  }

  /**
   * Whether a failure from `client` with an unknown user name is logged: `yes` within the
   * address's budget of lines a minute, `last` for the one that uses it up (its line says
   * the rest go unlogged), then `no` until the minute has passed. Slots alone would not
   * bound the log: a guesser that sends a new user name each time gets a new slot each time.
   */
  logFailure(client: string, now: number): 'yes' | 'last' | 'no' {
    const left = this.logged.remaining(client, now);
    if (left === 0) return 'no';
    this.logged.record(client, now);
    return left === 1 ? 'last' : 'yes';
  }

  /** Seconds the slot stays locked (0: not locked). A locked slot's failures are not stored. */
  lockedFor(client: string, user: string | undefined, now: number): number {
    const slot = slotOf(client, user);
    if (this.failures.remaining(slot, now) > 0) return 0;
    return this.failures.retryAfterSeconds(slot, now);
  }

  /**
   * Records one wrong secret; returns the seconds the slot is now locked (0: not locked).
   * Memory stays bounded: a slot holds at most `maxFailuresPerMinute` timestamps.
   */
  fail(client: string, user: string | undefined, now: number): number {
    if (this.lockedFor(client, user, now) === 0) this.failures.record(slotOf(client, user), now);
    return this.lockedFor(client, user, now);
  }
}

function slotOf(client: string, user: string | undefined): string {
  return user === undefined ? `${client} token` : `${client} user:${user.slice(0, 64)}`;
}
