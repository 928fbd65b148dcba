import { PassThrough } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { configuredSecrets } from '../../src/config/configured-secrets.js';
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
});
