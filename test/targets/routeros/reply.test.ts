import { describe, expect, it } from 'vitest';
import { parseReply, trapOf } from '../../../src/targets/routeros/reply.js';
import { legacyLoginResponse } from '../../../src/targets/routeros/legacy-login.js';
import { transcript } from './helpers.js';

const words = (...list: string[]) => list.map((w) => Buffer.from(w, 'utf8'));

describe('parseReply', () => {
  it('reads a !re row; values may contain "=" and be empty', () => {
    const reply = parseReply(words('!re', '=.id=*A', '=comment=a=b', '=x='));
    expect(reply.type).toBe('!re');
    expect(reply.tag).toBeUndefined();
    expect([...reply.attributes]).toEqual([
      ['.id', '*A'],
      ['comment', 'a=b'],
      ['x', ''],
    ]);
  });

  it('finds .tag in any position (routers put it second, the docs last)', () => {
    expect(parseReply(words('!done', '.tag=10', '=ret=*3')).tag).toBe('10');
    expect(parseReply(words('!done', '=ret=*3', '.tag=10')).tag).toBe('10');
    expect(parseReply(words('!done', '=ret=*3', '.tag=10')).attributes.get('ret')).toBe('*3');
    expect(parseReply(words('!done', '.tag=')).tag).toBeUndefined();
  });

  it('reads traps with and without category (recorded words)', () => {
    const two = transcript('unknown-menu-two-traps').exchange.slice(1, 3);
    const traps = two.map((s) => trapOf(parseReply(words(...s.words))));
    expect(traps).toEqual([
      { message: 'no such command or directory (routerboard)', category: 0 },
      { message: 'no such command prefix', category: undefined },
    ]);
  });

  it('reads !fatal with its bare-word reason and !empty', () => {
    const fatal = parseReply(words('!fatal', 'not logged in'));
    expect(fatal.type).toBe('!fatal');
    expect(fatal.bare).toEqual(['not logged in']);
    expect(parseReply(words('!empty', '.tag=19936'))).toMatchObject({
      type: '!empty',
      tag: '19936',
    });
  });

  it('decodes UTF-8 at the edge', () => {
    const reply = parseReply([Buffer.from('!re'), Buffer.from('=comment=Ärger', 'utf8')]);
    expect(reply.attributes.get('comment')).toBe('Ärger');
  });
});

describe('legacy MD5 login (docs/routeros-notes.md §1.9 vectors)', () => {
  it('API manual example: empty password', () => {
    expect(legacyLoginResponse('', '93b438ec9b80057c06dd9fe67d56aa9a')).toBe(
      '00e134102a9d330dd7b1849fedfea3cb57',
    );
  });
  it('go-routeros vector', () => {
    expect(legacyLoginResponse('passTest', 'abc123')).toBe('0021277bff9ac7caf06aa608e46616d47f');
  });
});
