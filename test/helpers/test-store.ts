import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { inject } from 'vitest';
import { PG_BIN } from './postgres.js';

/** The driver this vitest project runs the suites on (vitest.config.ts `projects`). */
export function testDriver(): 'sqlite' | 'postgres' {
  return inject('pgAdminUrl') === undefined ? 'sqlite' : 'postgres';
}

/**
 * The `store` config for a test directory: a SQLite file in it, or, in the postgres
 * project, a PostgreSQL database named after it (the same directory gives the same
 * database, so a restarted service finds its state).
 */
export function testStoreConfig(
  dir: string,
  driver = testDriver(),
): { path: string } | { url: string } {
  if (driver === 'sqlite') return { path: `${dir}/banbridge.db` };
  return { url: databaseFor(`d${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`) };
}

/** Creates (if needed) a database on the project's cluster; returns its URL. */
export function databaseFor(name: string): string {
  const admin = new URL(inject('pgAdminUrl'));
  const r = spawnSync(
    `${PG_BIN}/createdb`,
    ['-h', admin.hostname, '-p', admin.port, '-U', admin.username, name],
    { env: { ...process.env, PGPASSWORD: admin.password }, encoding: 'utf8' },
  );
  if (r.status !== 0 && !/already exists/.test(r.stderr)) {
    throw new Error(`createdb failed: ${r.stderr}`);
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
