import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basic, GRAYLOG_TOKEN, REPORTER, request } from './service.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Addresses the seeded store holds, each in a different state. */
export const SEEDED = {
  /** Banned by Graylog (with evidence) and by fail2ban (jail sshd on web01). */
  banned: '176.111.174.26',
  /** Banned by Graylog with attacker-written event title, user and log line. */
  hostile: '45.95.147.236',
  /** Refused: a private address (IP_RESERVED). */
  refused: '10.1.2.3',
  /** Accepted from the API by the reporter web01, for the unban tests. */
  plain: '91.240.118.172',
};

/** Script, attribute-breaking and javascript: payloads, as an attacker would put in a log line. */
export const HOSTILE = {
  script: '<script>window.__pwned = "script"</script>',
  attribute: '"><img src=x onerror="window.__pwned = \'img\'">',
  link: '<a href="javascript:window.__pwned=\'link\'">javascript:window.__pwned=1</a>',
  /** Clears a terminal and writes a fake line over the real one. */
  ansi: '\u001b[2J\u001b[31mall clear\r',
};

function graylogBody(ip: string, hostile: boolean): string {
  let text = readFileSync(
    join(fixtures, 'graylog', 'notifications', 'v70-filter-sshd-with-backlog.json'),
    'utf8',
  ).replaceAll('203.0.113.9', ip);
  if (hostile) {
    const json = (s: string) => JSON.stringify(s).slice(1, -1);
    text = text
      .replace('"SSH failed password"', `"SSH ${json(HOSTILE.attribute)}"`)
      .replace(
        'Failed password for root',
        `Failed password for ${json(HOSTILE.script)} ${json(HOSTILE.link)} ${json(HOSTILE.ansi)}`,
      )
      .replace('"user": "root"', `"user": "${json(HOSTILE.attribute)}"`);
  }
  return text;
}

/**
 * Reports through the real HTTP endpoints (the shipped Graylog body and fail2ban form from
 * test/fixtures), so the store holds what production would hold.
 */
export async function seedAddresses(base: string): Promise<void> {
  const graylog = `/v1/graylog?token=${GRAYLOG_TOKEN}`;
  const results = [
    await request(base, 'POST', graylog, { raw: graylogBody(SEEDED.banned, false) }),
    await request(base, 'POST', graylog, { raw: graylogBody(SEEDED.hostile, true) }),
    await request(base, 'POST', '/v1/fail2ban/ban', {
      auth: basic(REPORTER),
      type: 'application/x-www-form-urlencoded',
      raw: readFileSync(join(fixtures, 'fail2ban', 'ban-sshd.form'), 'utf8')
        .trim()
        .replace('203.0.113.5', SEEDED.banned),
    }),
    await request(base, 'POST', '/v1/bans', {
      auth: basic(REPORTER),
      body: { ip: SEEDED.refused, reason: 'scanner' },
    }),
    await request(base, 'POST', '/v1/bans', {
      auth: basic(REPORTER),
      body: { ip: SEEDED.plain, reason: 'port scan' },
    }),
  ];
  const failed = results.filter((r) => r.status >= 300);
  if (failed.length > 0)
    throw new Error(`seeding failed: ${JSON.stringify(failed.map((f) => f.body))}`);
}
