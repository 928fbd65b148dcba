/**
 * The fail2ban adapter on verbatim bodies of the shipped action (test/fixtures/fail2ban,
 * captured from curl), parsed as banbridge's HTTP layer does (form → object of strings),
 * and on JSON-shaped objects from scripts.
 */
import { describe, expect, it } from 'vitest';
import { fail2banToBanRequests } from '../../../src/sources/fail2ban/index.js';
import { formFixture, invalid } from '../../fail2ban/fixtures.js';

describe('fail2banToBanRequests on the shipped action’s form bodies', () => {
  it('an sshd ban: one request with the bantime as duration, via jail@host', () => {
    expect(fail2banToBanRequests(formFixture('ban-sshd.form'))).toEqual({
      requests: [
        {
          ip: '203.0.113.5',
          durationMs: 3_600_000,
          reason: 'fail2ban jail sshd on web01.example.net: 5 failures',
        },
      ],
      via: 'sshd@web01.example.net',
      detail: {
        jail: 'sshd',
        host: 'web01.example.net',
        bantime: 3600,
        failures: 5,
        restored: false,
      },
    });
  });

  it('bantime -1 is permanent: no duration, permanent flag on request and detail; IPv6 decoded', () => {
    const r = fail2banToBanRequests(formFixture('ban-permanent-ipv6.form'));
    expect(r.requests).toEqual([
      {
        ip: '2001:db8:bad::10',
        permanent: true,
        reason: 'fail2ban jail mikrotik-login on fw-log.example.net: 5 failures',
      },
    ]);
    expect(r.requests[0]?.durationMs).toBeUndefined();
    expect(r.detail).toEqual({
      jail: 'mikrotik-login',
      host: 'fw-log.example.net',
      permanent: true,
      failures: 5,
      restored: false,
    });
  });

  it('a restored ban is flagged restored (not a new offence) and keeps its bantime', () => {
    const r = fail2banToBanRequests(formFixture('ban-restored-manual.form'));
    expect(r.requests).toEqual([
      {
        ip: '198.51.100.99',
        durationMs: 604_800_000,
        restored: true,
        reason:
          'fail2ban jail recidive on web01.example.net: ban restored after a fail2ban restart',
      },
    ]);
    expect(r.detail).toMatchObject({ restored: true, failures: 0, bantime: 604_800 });
    expect(r.via).toBe('recidive@web01.example.net');
  });
});

describe('fail2banToBanRequests on JSON-shaped bodies', () => {
  it('numbers and booleans as JSON sends them; host optional (via = jail)', () => {
    const r = fail2banToBanRequests({
      ip: ' 203.0.113.7 ',
      jail: 'nginx-http-auth',
      bantime: 600,
      failures: 3,
      restored: false,
    });
    expect(r.via).toBe('nginx-http-auth');
    expect(r.requests).toEqual([
      {
        ip: '203.0.113.7',
        durationMs: 600_000,
        reason: 'fail2ban jail nginx-http-auth: 3 failures',
      },
    ]);
    expect(r.detail).toEqual({
      jail: 'nginx-http-auth',
      bantime: 600,
      failures: 3,
      restored: false,
    });
  });

  it('only ip and jail are required; restored accepts 1/true; bantime "1h" and negative numbers', () => {
    expect(fail2banToBanRequests({ ip: '203.0.113.8', jail: 'sshd' })).toEqual({
      requests: [{ ip: '203.0.113.8', reason: 'fail2ban jail sshd' }],
      via: 'sshd',
      detail: { jail: 'sshd', restored: false },
    });
    expect(
      fail2banToBanRequests({ ip: '203.0.113.8', jail: 'sshd', restored: 'true' }).requests[0]
        ?.restored,
    ).toBe(true);
    expect(
      fail2banToBanRequests({ ip: '203.0.113.8', jail: 'sshd', restored: 1 }).detail.restored,
    ).toBe(true);
    expect(
      fail2banToBanRequests({ ip: '203.0.113.8', jail: 'sshd', bantime: '1h' }).requests[0]
        ?.durationMs,
    ).toBe(3_600_000);
    expect(
      fail2banToBanRequests({ ip: '203.0.113.8', jail: 'sshd', bantime: -1 }).requests[0]
        ?.permanent,
    ).toBe(true);
    // empty optional form fields (e.g. host= when fail2ban could not name the host) count as absent
    expect(
      fail2banToBanRequests({ ip: '203.0.113.8', jail: 'sshd', host: '', failures: '' }).via,
    ).toBe('sshd');
  });

  it('does not validate the address: that is policy’s job (IP_INVALID there, with its reason)', () => {
    expect(fail2banToBanRequests({ ip: 'not-an-ip', jail: 'sshd' }).requests[0]?.ip).toBe(
      'not-an-ip',
    );
  });
});

describe('fail2banToBanRequests rejects malformed bodies naming the field', () => {
  const base = { ip: '203.0.113.5', jail: 'sshd' };
  it.each([
    [{}, 'ip', /required/],
    [{ ip: '   ', jail: 'sshd' }, 'ip', /required/],
    [{ jail: 'sshd', ip: ['203.0.113.5', '203.0.113.6'] }, 'ip', /more than once/],
    [{ ip: '203.0.113.5 203.0.113.6', jail: 'sshd' }, 'ip', /not an address/],
    [{ ip: 5, jail: 'sshd' }, 'ip', /as text/],
    [{ ip: '203.0.113.5' }, 'jail', /required/],
    [{ ...base, jail: 'ssh d' }, 'jail', /not a jail name/],
    [{ ...base, jail: 'sshd@web01' }, 'jail', /not a jail name/],
    [{ ...base, host: 'web 01' }, 'host', /not a host name/],
    [{ ...base, host: '$(reboot)' }, 'host', /not a host name/],
    [{ ...base, bantime: 'forever' }, 'bantime', /not a ban time/],
    [{ ...base, bantime: '0' }, 'bantime', /positive/],
    [{ ...base, bantime: 3600.5 }, 'bantime', /not a ban time|whole seconds/],
    [{ ...base, bantime: true }, 'bantime', /seconds/],
    [{ ...base, failures: '-1' }, 'failures', /not a count/],
    [{ ...base, failures: 2.5 }, 'failures', /not a count/],
    [{ ...base, restored: 'yes' }, 'restored', /not a flag/],
    [{ ...base, restored: 2 }, 'restored', /not a flag/],
    [
      { ...base, event: 'ban' },
      'event',
      /unknown field.*ip, jail, host, bantime, failures, restored/,
    ],
    [{ ...base, host: { name: 'x' } }, 'host', /string or number/],
  ] as [Record<string, unknown>, string, RegExp][])('%j → %s', (body, field, message) => {
    const err = invalid(() => fail2banToBanRequests(body));
    expect(err.field).toBe(field);
    expect(err.message.startsWith(`${field}: `)).toBe(true);
    expect(err.message).toMatch(message);
  });

  it('a body that is not an object', () => {
    for (const body of [null, [], 'ip=1.2.3.4'] as unknown[]) {
      expect(invalid(() => fail2banToBanRequests(body as Record<string, unknown>)).field).toBe(
        'body',
      );
    }
  });
});
