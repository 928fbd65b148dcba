import { describe, expect, it } from 'vitest';
import { AuthThrottle } from '../../src/http/auth-throttle.js';

describe('AuthThrottle', () => {
  it('locks a (client, user) slot after the limit, for the rest of the minute', () => {
    const throttle = new AuthThrottle(3);
    expect([1, 2, 3].map((i) => throttle.fail('192.0.2.10', 'web01', i))).toEqual([0, 0, 60]);
    expect(throttle.lockedFor('192.0.2.10', 'web01', 30_001)).toBe(30);
    expect(throttle.lockedFor('192.0.2.10', 'web01', 60_001)).toBe(0);
  });

  it('keeps slots apart: other user, other address, tokens', () => {
    const throttle = new AuthThrottle(1);
    throttle.fail('192.0.2.10', 'web01', 0);
    expect(throttle.lockedFor('192.0.2.10', 'web01', 1)).toBeGreaterThan(0);
    expect(throttle.lockedFor('192.0.2.10', 'web02', 1)).toBe(0);
    expect(throttle.lockedFor('192.0.2.11', 'web01', 1)).toBe(0);
    expect(throttle.lockedFor('192.0.2.10', undefined, 1)).toBe(0);
  });

  it('stores nothing more for a locked slot (bounded memory under a flood)', () => {
    const throttle = new AuthThrottle(2);
    for (let i = 0; i < 10_000; i++) throttle.fail('192.0.2.10', 'web01', 1000);
    // Had every failure been stored, the slot would stay locked past the first minute.
    expect(throttle.lockedFor('192.0.2.10', 'web01', 61_001)).toBe(0);
  });
});
