/**
 * A private PostgreSQL cluster for tests, from Debian's `postgresql` package: `initdb` in a
 * temporary directory as the unprivileged user `nobody` when the tests run as root (postgres
 * refuses to run as root: src/backend/main/main.c, "root" execution check), else as the user
 * running the tests; the server on a random loopback port
 * with its unix socket in the same directory, stopped (SIGINT = fast shutdown, see
 * src/backend/postmaster/postmaster.c pmdie) by its own pid when the tests end.
 * `.ci/install-daemons.sh` installs the package.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './daemons.js';

export const PG_BIN = '/usr/lib/postgresql/15/bin';
const NOBODY = 65534;
/** Who runs initdb and postgres: `nobody` when we are root, else ourselves. */
const RUN_AS = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

/** Whether Debian's PostgreSQL 15 server binaries are installed. */
export function postgresInstalled(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'postgres'));
}
export const PG_USER = 'banbridge';
export const PG_PASSWORD = 'pg-secret-4f1c9e';

export interface PgCluster {
  port: number;
  /** The superuser's URL on the `postgres` database. */
  adminUrl: string;
  /** A URL for a fresh empty database (created on each call). */
  newDatabase(): Promise<string>;
  /** Drops every connection of one database (simulates a lost DB connection). */
  terminateConnections(url: string): Promise<void>;
  /** Shuts the server down (fast shutdown), keeping its data: the database is down. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port and data; resolves when it takes connections. */
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

function runAsServerUser(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { ...RUN_AS, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
}

/** Starts a cluster; resolves when it accepts connections. */
export async function startPostgres(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-pg-'));
  chmodSync(dir, 0o700);
  if ('uid' in RUN_AS) chownSync(dir, NOBODY, NOBODY);
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${PG_PASSWORD}\n`);
  if ('uid' in RUN_AS) chownSync(pwfile, NOBODY, NOBODY);
  runAsServerUser(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    PG_USER,
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  const port = await freePort('tcp');
  const admin = `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  let server = await launch(data, dir, port, admin);
  const shutDown = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT');
      await exited;
    }
  };
  let n = 0;
  const withAdmin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    port,
    adminUrl: admin,
    async newDatabase() {
      const name = `t${process.pid}_${++n}`;
      await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
      return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${name}`;
    },
    async terminateConnections(url) {
      const name = new URL(url).pathname.slice(1);
      await withAdmin((c) =>
        c.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        ),
      );
    },
    stopServer: shutDown,
    async startServer() {
      if (server.exitCode === null) return;
      server = await launch(data, dir, port, admin);
    },
    async stop() {
      await shutDown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs postgres on `data`; resolves when it accepts connections on `port`. */
async function launch(
  data: string,
  dir: string,
  port: number,
  admin: string,
): Promise<ChildProcess> {
  const server: ChildProcess = spawn(
    join(PG_BIN, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=16MB',
    ],
    { ...RUN_AS, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr?.on('data', (b: Buffer) => {
    log = (log + b.toString()).slice(-4000);
  });
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`postgres exited: ${log}`);
    const client = new pg.Client({ connectionString: admin });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (i > 300) throw new Error(`postgres did not start: ${String(error)} ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return server;
}
