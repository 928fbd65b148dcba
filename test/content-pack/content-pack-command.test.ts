import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentPackCommand } from '../../src/cli/commands/content-pack.js';
import type { CliIo } from '../../src/cli/io.js';
import { checkContentPack } from '../../src/content-pack/index.js';

function fakeIo(env: Record<string, string> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const SECRET = 'tok-9f8e7d6c5b4a';

describe('banbridge content-pack', () => {
  it('renders a v1 pack with the token from --token-env, which never reaches stderr', async () => {
    const { io, out, err } = fakeIo({ BB_TOKEN: SECRET });
    const code = await contentPackCommand(
      ['--url', 'https://bb.example:8443/v1/graylog', '--token-env', 'BB_TOKEN'],
      io,
    );
    expect(code).toBe(0);
    const pack = JSON.parse(out()) as {
      entities: { type: { name: string }; data: Record<string, unknown> }[];
    };
    expect(checkContentPack(pack).problems).toEqual([]);
    expect(out()).toContain(`?token=${SECRET}`);
    expect(err()).not.toContain(SECRET);
    expect(err()).toContain('Graylog 7.x start the two banbridge streams');
  });

  it('renders a v2 pack with the token in an Authorization header', async () => {
    const { io, out, err } = fakeIo({ BB_TOKEN: SECRET });
    expect(
      await contentPackCommand(
        ['--url', 'http://10.0.0.2:8080/v1/graylog', '--token-env', 'BB_TOKEN', '--v2'],
        io,
      ),
    ).toBe(0);
    expect(out()).toContain(`Authorization: Bearer ${SECRET}`);
    expect(checkContentPack(JSON.parse(out())).minVersion).toBe('6.0.6');
    expect(err()).not.toContain(SECRET);
  });

  it('takes ports and thresholds', async () => {
    const { io, out } = fakeIo();
    const args = [
      '--url',
      'http://h:8080/v1/graylog',
      '--servers-port',
      '1514',
      '--ssh-threshold',
      '3',
      '--window-minutes',
      '5',
    ];
    expect(await contentPackCommand(args, io)).toBe(0);
    expect(out()).toContain('"@value": 1514');
    expect(out()).toContain('"search_within_ms": 300000');
  });

  it("percent-encodes every token character the allowlist entry's class does not hold", async () => {
    const token = "tok!*'()~-._0123456789";
    const { io, out } = fakeIo({ BB_TOKEN: token });
    const url = 'http://127.0.0.1:8080/v1/graylog';
    expect(await contentPackCommand(['--url', url, '--token-env', 'BB_TOKEN'], io)).toBe(0);
    const pack = JSON.parse(out()) as {
      entities: { type: { name: string }; data: Record<string, unknown> }[];
    };
    const notification = pack.entities.find((e) => e.type.name === 'notification');
    const config = notification?.data['config'] as { url: { '@value': string } };
    const notificationUrl = config.url['@value'];
    expect(notificationUrl).toBe(`${url}?token=tok%21%2A%27%28%29~-._0123456789`);
    expect(decodeURIComponent(new URL(notificationUrl).searchParams.get('token') ?? '')).toBe(
      token,
    );
    // Graylog checks the notification's URL against the allowlist entry (a Java regex; this
    // one uses no syntax JavaScript reads differently).
    const entry = pack.entities.find((e) => e.type.name === 'url_whitelist_entry');
    expect(new RegExp(entry?.data['value'] as string).test(notificationUrl)).toBe(true);
  });

  it('--v2 refuses a token that holds a ; (Graylog splits its header field on ;)', async () => {
    const { io, out, err } = fakeIo({ BB_TOKEN: 'tok;en-0123456789' });
    const args = ['--url', 'http://h:8080/v1/graylog', '--token-env', 'BB_TOKEN', '--v2'];
    expect(await contentPackCommand(args, io)).toBe(1);
    expect(out()).toBe('');
    expect(err()).toContain("holds ';'");
    expect(err()).not.toContain('tok;en');
  });

  it('refuses an input port outside 1025-65535', async () => {
    for (const port of ['514', '70000']) {
      await expect(
        contentPackCommand(['--url', 'http://h/v1/graylog', '--servers-port', port], fakeIo().io),
      ).rejects.toThrow(/not a port from 1025 to 65535/);
    }
    await expect(
      contentPackCommand(['--url', 'http://h/v1/graylog', '--mikrotik-port', '80'], fakeIo().io),
    ).rejects.toThrow(/--mikrotik-port: 80 is not a port/);
  });

  it('names the variable, not a value, when --token-env is unset', async () => {
    const { io, out, err } = fakeIo({});
    expect(
      await contentPackCommand(['--url', 'http://h/v1/graylog', '--token-env', 'BB_TOKEN'], io),
    ).toBe(1);
    expect(out()).toBe('');
    expect(err()).toContain('BB_TOKEN');
  });

  it('refuses a URL that is not http(s), and a missing --url', async () => {
    await expect(contentPackCommand(['--url', 'ftp://h/x'], fakeIo().io)).rejects.toThrow(
      /not an http\(s\) URL/,
    );
    await expect(contentPackCommand([], fakeIo().io)).rejects.toThrow(/--url is required/);
  });

  it('--check: exit 0 for the shipped pack', async () => {
    const { io, out } = fakeIo();
    expect(await contentPackCommand(['--check', 'graylog-content-pack/banbridge.json'], io)).toBe(
      0,
    );
    expect(out()).toContain('installable on Graylog 5.0.0 and later');
  });

  it('--check: exit 1 listing each problem with entity and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-pack-'));
    const pack = JSON.parse(JSON.stringify(checkFixture())) as {
      entities: { data: Record<string, unknown> }[];
    };
    delete (pack.entities[3] as { data: Record<string, unknown> }).data['description'];
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(pack));
    const { io, out, err } = fakeIo({}, dir);
    expect(await contentPackCommand(['--check', 'broken.json'], io)).toBe(1);
    expect(err()).toContain(
      'error: stream 62616e627269646765000001 "banbridge: sshd authentication failures" data.description',
    );
    expect(out()).toContain('1 problem(s)');
  });

  it('--check: exit 1 for a file that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-pack-'));
    writeFileSync(join(dir, 'x.json'), 'nope');
    expect(await contentPackCommand(['--check', 'x.json'], fakeIo({}, dir).io)).toBe(1);
  });
});

function checkFixture(): unknown {
  return JSON.parse(
    readFileSync(join(process.cwd(), 'graylog-content-pack/banbridge.json'), 'utf8'),
  );
}
