import { describe, expect, it } from 'vitest';
import { escapeHtml, href, html } from '../../src/http/ui/html.js';
import { isControl } from '../../src/core/control-characters.js';
import { csrfMatches, SessionStore } from '../../src/http/ui/sessions.js';

describe('SessionStore', () => {
  const admin = { name: 'admin', role: 'admin' as const };

  it('holds at most `max` sessions: signing in beyond it ends the oldest', () => {
    const store = new SessionStore(
      { idleMs: 60_000, absoluteMs: 600_000, max: 3, maxPerUser: 10 },
      () => 0,
    );
    const ids = [1, 2, 3, 4].map(() => store.create(admin).id);
    expect(store.size).toBe(3);
    expect(store.get(ids[0])).toBeUndefined();
    expect(ids.slice(1).map((id) => store.get(id)?.principal.name)).toEqual([
      'admin',
      'admin',
      'admin',
    ]);
  });

  it("one user beyond `maxPerUser` ends its own oldest session, never another user's", () => {
    const store = new SessionStore(
      { idleMs: 60_000, absoluteMs: 600_000, max: 5, maxPerUser: 2 },
      () => 0,
    );
    const kept = store.create(admin).id;
    const graylog = { name: 'graylog', role: 'reporter' as const };
    const theirs = [1, 2, 3, 4, 5, 6].map(() => store.create(graylog).id);
    expect(store.get(kept)?.principal.name).toBe('admin');
    expect(theirs.filter((id) => store.get(id) !== undefined)).toEqual(theirs.slice(-2));
    expect(store.size).toBe(3);
  });

  it('ends a session when idle too long or too old, whatever its use', () => {
    let now = 0;
    const store = new SessionStore(
      { idleMs: 10, absoluteMs: 25, max: 10, maxPerUser: 10 },
      () => now,
    );
    const idle = store.create(admin).id;
    const busy = store.create(admin).id;
    for (now = 5; now <= 20; now += 5) expect(store.get(busy)).toBeDefined();
    expect(store.get(idle)).toBeUndefined();
    now = 30;
    expect(store.get(busy)).toBeUndefined();
    expect(store.get('x'.repeat(500))).toBeUndefined();
  });

  it('checks the CSRF token exactly', () => {
    const store = new SessionStore(
      { idleMs: 10, absoluteMs: 25, max: 10, maxPerUser: 10 },
      () => 0,
    );
    const { session } = store.create(admin);
    expect(csrfMatches(session, session.csrf)).toBe(true);
    expect(csrfMatches(session, `${session.csrf}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    expect(csrfMatches(session, [session.csrf])).toBe(false);
  });
});

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `"><img src=x onerror='alert(1)'>\`&`;
    expect(escapeHtml(evil)).toBe(
      '&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&#96;&amp;',
    );
    expect(html`<p title="${evil}">${evil}</p>`.text).toBe(
      `<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`,
    );
    // `h`, not `html`: prettier reformats the whitespace of html-tagged templates.
    const h = html;
    expect(h`<ul>${['<a>', h`<li>ok</li>`, null, false, 3]}</ul>`.text).toBe(
      '<ul>&lt;a&gt;<li>ok</li>3</ul>',
    );
  });

  it('shows controls and bidi overrides as \\u{…}, as the CLI does; tab and newlines stay', () => {
    expect(escapeHtml('root\u202Egnp.exe\u001B[31m\u0000\u0085 a\tb\r\nc')).toBe(
      'root\\u{202e}gnp.exe\\u{1b}[31m\\u{0}\\u{85} a\tb\r\nc',
    );
    // The same characters the CLI escapes (isControl), white space aside.
    for (let code = 0; code < 0x3000; code++) {
      const char = String.fromCodePoint(code);
      if ('&<>"\'`\t\n\r'.includes(char)) continue;
      expect(escapeHtml(char) !== char, `U+${code.toString(16)}`).toBe(isControl(code));
    }
  });

  it('builds links to our own pages with encoded parameters', () => {
    expect(href('/ui/', { ip: '2001:db8::/32', done: '' })).toBe('/ui/?ip=2001%3Adb8%3A%3A%2F32');
    expect(href('/ui/bans')).toBe('/ui/bans');
  });
});
