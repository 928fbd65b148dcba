/**
 * The receiving side of the fail2ban end-to-end tests, behind one function so that the
 * stand-in below can be swapped for real banbridge (plus the router simulator) without
 * touching the tests: `startReportEndpoint(dir)` gives the URL and the credentials file for
 * the shipped action, the secret that must never show up in fail2ban's logs, and the
 * reports received.
 *
 * The stand-in is a loopback HTTP server that checks HTTP Basic auth like banbridge, runs
 * the real adapter (src/sources/fail2ban) on every body, and answers 200, or 400 with a
 * problem+json body when the adapter rejects it (or when `rejectIp` says so).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { isBanbridgeError } from '../../src/core/errors.js';
import { fail2banToBanRequests, fail2banToUnban } from '../../src/sources/fail2ban/index.js';
import type { Fail2banBanReport, Fail2banUnbanReport } from '../../src/sources/fail2ban/index.js';
import { waitFor, writeSecretFile } from '../helpers/daemons.js';

export interface ReceivedReport {
  at: number;
  method: string;
  path: string;
  contentType: string | undefined;
  userAgent: string | undefined;
  /** The credential was the expected one. */
  authenticated: boolean;
  body: string;
  /** Form fields as banbridge's HTTP layer would parse them (repeated keys kept last). */
  fields: Record<string, string>;
  /** The adapter's reading, or its error code. */
  ban?: Fail2banBanReport;
  unban?: Fail2banUnbanReport;
  error?: string;
  status: number;
}

export interface ReportEndpoint {
  /** For the action's banbridge_url. */
  url: string;
  /** For the action's credentials_file (curl config, mode 0600). */
  credentialsFile: string;
  /** The credential's secret part: must appear in no fail2ban log line. */
  secret: string;
  /** The credential's name (banbridge: the source of every ban). */
  user: string;
  reports(): ReceivedReport[];
  waitForReport(
    what: string,
    match: (r: ReceivedReport) => boolean,
    timeoutMs: number,
  ): Promise<ReceivedReport>;
  close(): Promise<void>;
}

export async function startReportEndpoint(
  dir: string,
  opts: { rejectIp?: (ip: string) => boolean } = {},
): Promise<ReportEndpoint> {
  const user = 'e2e-f2b';
  const secret = randomBytes(12).toString('hex');
  const credentialsFile = join(dir, 'banbridge.credentials');
  writeSecretFile(
    credentialsFile,
    `# banbridge reporter credential for fail2ban\nuser = "${user}:${secret}"\n`,
  );
  const expectedAuth = `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  const received: ReceivedReport[] = [];

  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const fields = Object.fromEntries(new URLSearchParams(body));
      const r: ReceivedReport = {
        at: Date.now(),
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        userAgent: req.headers['user-agent'],
        authenticated: req.headers.authorization === expectedAuth,
        body,
        fields,
        status: 200,
      };
      try {
        if (!r.authenticated) r.status = 401;
        else if (r.path === '/v1/fail2ban/ban') r.ban = fail2banToBanRequests(fields);
        else if (r.path === '/v1/fail2ban/unban') r.unban = fail2banToUnban(fields);
        else r.status = 404;
        if (r.status === 200 && opts.rejectIp?.(fields.ip ?? '') === true) r.status = 400;
      } catch (e) {
        r.status = 400;
        r.error = isBanbridgeError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      received.push(r);
      res.writeHead(r.status, {
        'content-type': r.status === 200 ? 'application/json' : 'application/problem+json',
      });
      res.end(
        JSON.stringify(
          r.status === 200
            ? { results: [{ ip: fields.ip, outcome: 'accepted' }] }
            : { status: r.status, detail: r.error ?? 'rejected by the test' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    credentialsFile,
    secret,
    user,
    reports: () => [...received],
    waitForReport: (what, match, timeoutMs) =>
      waitFor(what, () => received.find(match), timeoutMs, 50),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
