import { describe, expect, it } from 'vitest';
import { BanbridgeError } from '../../src/core/errors.js';
import { RECONNECT } from '../../src/worker/backoff.js';
import { RouterLink } from '../../src/worker/router-link.js';

const refused = new BanbridgeError('ROUTER_UNREACHABLE', 'router edge1: ECONNREFUSED');

describe('RouterLink: the reconnect schedule', () => {
  it('a dropped connection is retried at once, then backs off, capped at RECONNECT.maxMs', () => {
    const link = new RouterLink(() => 1); // no jitter: the ceiling
    link.up(0);
    link.dropped();
    expect(link.mustProbe()).toBe(true);
    expect(link.mayAttempt(0)).toBe(true);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect(link.down(refused, 0)).toBe(i === 0); // only the first failure starts an outage
      waits.push(link.msUntilAttempt(0));
    }
    expect(waits).toEqual([250, 500, 1000, 1000, 1000, 1000]);
    expect(Math.max(...waits)).toBe(RECONNECT.maxMs);
  });

  it('before the next attempt is due, nothing may try (a wake-up is not an attempt)', () => {
    const link = new RouterLink(() => 1);
    link.down(refused, 1000);
    expect(link.mayAttempt(1000)).toBe(false);
    expect(link.mayAttempt(1249)).toBe(false);
    expect(link.mayAttempt(1250)).toBe(true);
    expect(link.state).toBe('down');
    expect(link.lastError).toEqual({ code: 'ROUTER_UNREACHABLE', message: refused.message });
  });

  it('coming back reports how long it was down and resets the schedule', () => {
    const link = new RouterLink(() => 1);
    link.down(refused, 1000);
    link.down(refused, 1300);
    expect(link.up(4000)).toBe(3000);
    expect(link.state).toBe('connected');
    expect(link.up(5000)).toBeNull();
    link.down(refused, 6000);
    expect(link.msUntilAttempt(6000)).toBe(250);
  });
});

describe('RouterLink: how long an outage has lasted', () => {
  it('counts from the first failure until a command succeeds again', () => {
    const link = new RouterLink(() => 1);
    expect(link.downAtLeast(0, 0)).toBe(false); // never down
    link.up(0);
    link.down(refused, 1000);
    link.down(refused, 1250);
    expect(link.downAtLeast(3000, 3999)).toBe(false);
    expect(link.downAtLeast(3000, 4000)).toBe(true);
    link.up(4100);
    expect(link.downAtLeast(0, 4100)).toBe(false);
    link.down(refused, 5000); // a new outage starts its own count
    expect(link.downAtLeast(3000, 7999)).toBe(false);
  });
});
