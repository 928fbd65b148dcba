import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../src/sim/normalise-address.js';
import { compileQuery } from '../../src/sim/query.js';

describe('simulator address normalisation (docs/routeros-notes.md §2.3)', () => {
  it.each([
    [4, '192.0.34.166/32', '192.0.34.166'],
    [4, '203.0.113.77/24', '203.0.113.0/24'],
    [4, '198.51.100.0-198.51.100.255', '198.51.100.0/24'],
    [4, '192.168.0.0-192.168.1.255', '192.168.0.0/23'],
    [4, '10.0.0.1-10.0.0.1', '10.0.0.1'],
    [4, '10.0.0.1-10.0.0.5', '10.0.0.1-10.0.0.5'],
    [4, '203.0.113.1-254', '203.0.113.1-254'],
    [4, 'example.com', 'example.com'],
    [6, '2001:DB8::1', '2001:db8::1/128'],
    [6, '2001:db8:0:0:1::77/64', '2001:db8::/64'],
  ] as const)('v%i %s → %s', (family, input, address) => {
    expect(normaliseAddress(family, input)).toEqual({ ok: true, address });
  });

  it('refuses IPv6 ranges and non-names', () => {
    expect(normaliseAddress(6, '2001:db8::1-2001:db8::5')).toEqual({
      ok: false,
      message: 'failure: 2001:db8::1-2001:db8::5 is not a valid dns name',
    });
    expect(normaliseAddress(4, 'not an ip').ok).toBe(false);
  });
});

describe('simulator query stack machine (API manual "Queries")', () => {
  const item = (props: Record<string, string>) => new Map(Object.entries(props));
  const ether = item({ type: 'ether', name: 'ether1', disabled: 'false' });
  const vlan = item({ type: 'vlan', name: 'vlan5', comment: 'x' });
  const bridge = item({ type: 'bridge', name: 'br' });

  it('plain equalities are an AND', () => {
    const q = compileQuery(['?type=ether', '?name=ether1']);
    expect([ether, vlan].map((i) => q.matches(i))).toEqual([true, false]);
    expect(q.onlyEqualities).toBe(true);
  });

  it('?type=ether ?type=vlan ?#| is an OR', () => {
    const q = compileQuery(['?type=ether', '?type=vlan', '?#|']);
    expect([ether, vlan, bridge].map((i) => q.matches(i))).toEqual([true, true, false]);
  });

  it('?name, ?-name, ?>comment=, ?=name=value, typed booleans', () => {
    expect(compileQuery(['?comment']).matches(vlan)).toBe(true);
    expect(compileQuery(['?-comment']).matches(vlan)).toBe(false);
    expect(compileQuery(['?>comment=']).matches(vlan)).toBe(true);
    expect(compileQuery(['?>comment=']).matches(ether)).toBe(false);
    expect(compileQuery(['?=name=br']).matches(bridge)).toBe(true);
    expect(compileQuery(['?disabled=no']).matches(ether)).toBe(true);
  });

  it('?#&! and ?#! negate; ?#0 index at the end replaces the stack', () => {
    const notEtherOne = compileQuery(['?type=ether', '?name=ether1', '?#&!']);
    expect([ether, vlan].map((i) => notEtherOne.matches(i))).toEqual([false, true]);
    expect(compileQuery(['?type=vlan', '?#!']).matches(ether)).toBe(true);
    // stack [false(type=vlan), true(name=ether1)], "1" replaces the stack with entry 1 → false
    expect(compileQuery(['?type=vlan', '?name=ether1', '?#1']).matches(ether)).toBe(false);
    expect(compileQuery(['?type=vlan', '?name=ether1', '?#0']).matches(ether)).toBe(true);
    // "1.|": copy of entry 1 then OR with the top: false || true, but entry 1 remains false below
    expect(compileQuery(['?type=vlan', '?name=ether1', '?#1.|0']).matches(ether)).toBe(true);
  });
});
