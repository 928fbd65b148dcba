import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ACTION_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fail2ban',
  'action.d',
);
const ACTION_FILE = join(ACTION_DIR, 'banbridge.conf');

/**
 * Reads one section of a fail2ban .conf file: `key = value` with indented continuation
 * lines, `#` and `;` comments (fail2ban's ConfigParser conventions).
 */
export function readSection(text: string, section: string): Map<string, string> {
  const values = new Map<string, string>();
  let current = '';
  let key: string | undefined;
  for (const line of text.split('\n')) {
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = header[1] ?? '';
      key = undefined;
      continue;
    }
    if (current !== section || /^\s*[#;]/.test(line)) continue;
    const continuation = /^\s+\S/.test(line) && key !== undefined;
    if (continuation) {
      values.set(key as string, `${values.get(key as string) ?? ''}\n${line.trim()}`);
      continue;
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*=\s?(.*)$/.exec(line);
    if (pair) {
      key = pair[1] as string;
      values.set(key, (pair[2] ?? '').trim());
    } else key = undefined;
  }
  return values;
}

/** Replaces `<tag>` with values, recursively (as fail2ban's substituteRecursiveTags). */
export function substitute(template: string, tags: ReadonlyMap<string, string>): string {
  let text = template;
  for (let depth = 0; depth < 10; depth++) {
    const next = text.replace(
      /<([A-Za-z0-9_-]+)>/g,
      (whole, name: string) => tags.get(name) ?? whole,
    );
    if (next === text) break;
    text = next;
  }
  return text;
}

/**
 * Runs the shipped action's `actionban` exactly as fail2ban would run it (shell command,
 * tags substituted), pointed at `url`, with a credentials file written for `user` and the
 * spool under `dir`. `queued` is what the action left undelivered in its spool.
 */
export async function runFail2banAction(
  url: string,
  user: { name: string; password: string },
  dir: string,
  ticket: { ip: string; jail: string; bantime: string; failures: string; restored?: string },
): Promise<{ command: string; exitCode: number; body: string; queued: number }> {
  const text = readFileSync(ACTION_FILE, 'utf8');
  const credentials = join(dir, 'banbridge.credentials');
  writeFileSync(credentials, `user = "${user.name}:${user.password}"\n`, { mode: 0o600 });
  const tags = new Map([...readSection(text, 'Init'), ...readSection(text, 'Definition')]);
  tags.set('banbridge_url', url);
  tags.set('credentials_file', credentials);
  tags.set('report_script', join(ACTION_DIR, 'banbridge-report.sh'));
  const spool = join(dir, 'fail2ban-spool');
  tags.set('spool_dir', spool);
  tags.set('ip', ticket.ip);
  tags.set('name', ticket.jail);
  tags.set('bantime', ticket.bantime);
  tags.set('failures', ticket.failures);
  tags.set('restored', ticket.restored ?? '0');
  tags.set('fq-hostname', 'web01.demo');
  const command = substitute(tags.get('actionban') ?? '', tags);
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', command], { timeout: 30_000 }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      const queue = join(spool, 'queue');
      resolve({
        command: command
          .replace(credentials, '<credentials_file>')
          .replace(ACTION_DIR, '<action.d>')
          .replace(spool, '<spool_dir>'),
        exitCode,
        body: `${stdout}${stderr}`,
        queued: existsSync(queue) ? readdirSync(queue).length : -1,
      });
    });
  });
}
