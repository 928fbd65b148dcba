import { PassThrough } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { configuredSecrets } from '../../src/config/configured-secrets.js';
import { redactUrl } from '../../src/core/redact-url.js';
import { createLogger } from '../../src/main/create-logger.js';

function captured(format: 'json' | 'pretty', secrets: string[]) {
  const logger = createLogger({ level: 'info', format }, false, secrets);
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  logger.clear();
  logger.add(new winston.transports.Stream({ stream }));
  return { logger, text: () => text };
}

describe('createLogger', () => {
  it.each(['json', 'pretty'] as const)(
    'blanks every configured secret in the message and metadata (%s)',
    (format) => {
      const secret = 'Tok3nAbcdEfgh1234';
      const { logger, text } = captured(format, [secret, 'router-pass-123']);
      logger.warn(`authentication failed for ${secret}`, {
        user: secret,
        nested: { url: `/v1/graylog/${secret}`, list: ['x', `pw router-pass-123`] },
      });
      expect(text()).toContain('authentication failed for ***');
      expect(text()).not.toContain(secret);
      expect(text()).not.toContain('router-pass-123');
    },
  );

  it.each(['json', 'pretty'] as const)(
    'writes bidi overrides and C1 controls from reported text as escapes, the same JSON (%s)',
    (format) => {
      const { logger, text } = captured(format, []);
      const user = 'root\u202egnp.exe\u009b31m\u2066x';
      logger.info('failed login', { user });
      expect(text()).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text()).toContain('root\\u202egnp.exe\\u009b31m\\u2066x');
      if (format === 'json') expect(JSON.parse(text()).user).toBe(user);
    },
  );

  it('writes lines at and above log.level and drops the others, also when the level changes', () => {
    const { logger, text } = captured('json', []);
    logger.debug('below the level', { n: 1 });
    logger.info('at the level', { n: 2 });
    logger.error('above the level', { n: 3 });
    expect(text()).not.toContain('below the level');
    expect(text()).toContain('at the level');
    expect(text()).toContain('above the level');
    logger.level = 'debug';
    logger.debug('now enabled');
    expect(text()).toContain('now enabled');
  });

  it('collects the users\u2019 and routers\u2019 secrets, not short or absent ones', () => {
    expect(
      configuredSecrets({
        users: [
          { name: 'a', role: 'admin', token: 'admin-token-0123456789' },
          { name: 'b', role: 'reporter', password: 'reporter-pw-1' },
          { name: 'c', role: 'reporter', password: 'short' },
        ],
        routers: [{ password: 'router-pass-123' } as never],
      }),
    ).toEqual(['admin-token-0123456789', 'reporter-pw-1', 'router-pass-123']);
  });

  it('collects the PostgreSQL URL\u2019s password, in its user part or its query', () => {
    const secrets = (url: string) =>
      configuredSecrets({ users: [], routers: [], store: { url } }).sort();
    expect(secrets('postgres://bb:pass%2Fword-1@db:5432/banbridge')).toEqual(['pass/word-1']);
    expect(
      secrets('postgres://bb@db/banbridge?password=S3cret-query&sslpassword=key-phrase-1'),
    ).toEqual(['S3cret-query', 'key-phrase-1']);
    expect(secrets('postgres://bb@db/banbridge?sslmode=require')).toEqual([]);
  });

  it('redacts the PostgreSQL password wherever the URL carries it', () => {
    expect(redactUrl('postgres://bb:S3cret-user@db:5432/banbridge')).toBe(
      'postgres://bb:***@db:5432/banbridge',
    );
    const query = redactUrl(
      'postgres://bb@db:5432/banbridge?sslmode=require&password=S3cret-query&sslpassword=x1',
    );
    expect(query).not.toContain('S3cret-query');
    expect(query).not.toContain('x1');
    expect(new URL(query).searchParams.get('password')).toBe('***');
    expect(new URL(query).searchParams.get('sslmode')).toBe('require');
  });
});
