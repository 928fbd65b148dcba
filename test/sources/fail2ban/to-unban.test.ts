import { describe, expect, it } from 'vitest';
import { fail2banToUnban } from '../../../src/sources/fail2ban/index.js';
import { formFixture, invalid } from '../../fail2ban/fixtures.js';

describe('fail2banToUnban', () => {
  it('the shipped actionunban body: the claim of this jail on this host', () => {
    expect(fail2banToUnban(formFixture('unban-sshd.form'))).toEqual({
      ip: '203.0.113.5',
      via: 'sshd@web01.example.net',
      expired: false,
      detail: { jail: 'sshd', host: 'web01.example.net' },
    });
  });

  it("expired=1: fail2ban's own ban time is over; absent (an older action): 0", () => {
    const unban = (expired?: string) =>
      fail2banToUnban({ ip: '203.0.113.5', jail: 'sshd', ...(expired ? { expired } : {}) });
    expect(unban('1').expired).toBe(true);
    expect(unban('0').expired).toBe(false);
    expect(unban().expired).toBe(false);
    expect(invalid(() => unban('soon')).field).toBe('expired');
  });

  it('accepts the ban fields too (a script may send them) and ignores them', () => {
    expect(
      fail2banToUnban({
        ip: '203.0.113.5',
        jail: 'sshd',
        bantime: '3600',
        failures: '5',
        restored: '0',
      }),
    ).toEqual({
      ip: '203.0.113.5',
      via: 'sshd',
      expired: false,
      detail: { jail: 'sshd' },
    });
  });

  it('validates like the ban endpoint, naming the field', () => {
    expect(invalid(() => fail2banToUnban({ jail: 'sshd' })).field).toBe('ip');
    expect(invalid(() => fail2banToUnban({ ip: '203.0.113.5' })).field).toBe('jail');
    expect(
      invalid(() => fail2banToUnban({ ip: '203.0.113.5', jail: 'sshd', bantime: 'soon' })).field,
    ).toBe('bantime');
  });
});
