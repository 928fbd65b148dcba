/**
 * Helpers for tests that run the real fail2ban and rsyslog (Debian packages) on loopback,
 * on private config and work directories,
 * daemons in the foreground started as direct children and stopped by their own pid,
 * ephemeral loopback ports, polling instead of fixed sleeps.
 *
 * Availability: the tests run when the programs are installed. Under CI=true their absence
 * fails the suite (`.ci/install-daemons.sh` installs them); elsewhere the suite is skipped
 * with the reason printed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';

/** Where Debian puts them; PATH may lack /usr/sbin for non-root shells. */
const SEARCH_DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin', '/usr/local/sbin'];

/** Absolute path of an installed program, or undefined. */
export function findProgram(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SEARCH_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (spawnSync('test', ['-x', candidate]).status === 0) return candidate;
  }
  return undefined;
}

/** Why a set of programs cannot be used, or undefined when all are there. */
export function missingPrograms(names: readonly string[]): string | undefined {
  const missing = names.filter((n) => findProgram(n) === undefined);
  if (missing.length === 0) return undefined;
  return `not installed: ${missing.join(', ')} (run: sudo bash .ci/install-daemons.sh)`;
}

/**
 * `describe` that runs only when `programs` are installed. Missing programs are a failing
 * test under CI=true (so CI cannot pass by skipping) and a printed skip elsewhere.
 */
export function describeWithDaemons(
  name: string,
  programs: readonly string[],
  body: () => void,
): void {
  describeIfAvailable(name, missingPrograms(programs), body);
}

/**
 * `describe` that runs when `missing` is undefined; otherwise `missing` (what is not
 * installed, and how to install it) fails the suite under CI=true and skips it elsewhere.
 */
export function describeIfAvailable(
  name: string,
  missing: string | undefined,
  body: () => void,
): void {
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has the daemons it tests', () => {
        throw new Error(`${name}: ${missing}; under CI=true the real-daemon tests must run`);
      });
    });
    return;
  }
  console.warn(`[skip] ${name}: ${missing}`);
  describe.skip(name, body);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion (no shell). */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { input?: string; timeoutMs?: number; cwd?: string } = {},
): RunResult {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    input: opts.input,
    cwd: opts.cwd,
    timeout: opts.timeoutMs ?? 30_000,
  });
  if (r.error !== undefined) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/**
 * Runs a command to completion without blocking the event loop: needed whenever the command
 * talks back to a server in this process (fail2ban-client banip runs actionban → curl →
 * the test's HTTP endpoint, synchronously).
 */
export function runAsync(
  cmd: string,
  args: readonly string[],
  opts: { timeoutMs?: number } = {},
): Promise<RunResult> {
  const t0 = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')}: no exit after ${opts.timeoutMs ?? 30_000} ms`));
    }, opts.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** A started daemon: its own pid (never a wrapper shell) and its collected output. */
export interface Daemon {
  readonly pid: number;
  readonly output: () => string;
  readonly exited: () => boolean;
  /** TERM, wait up to `graceMs`, then KILL; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string | null>;
  /** Resolves when the process exits by itself (or rejects after `timeoutMs`). */
  waitExit(timeoutMs: number): Promise<number | string | null>;
}

/** Starts `cmd` directly as our child (no `cd X && daemon &` subshell, whose pid is not the daemon's). */
export function startDaemon(cmd: string, args: readonly string[]): Daemon {
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exit: number | string | null | undefined;
  const exitWaiters: ((v: number | string | null) => void)[] = [];
  child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.on('exit', (code, signal) => {
    exit = code ?? signal;
    for (const w of exitWaiters.splice(0)) w(exit);
  });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  const waitExit = (timeoutMs: number): Promise<number | string | null> =>
    new Promise((resolve, reject) => {
      if (exit !== undefined) return resolve(exit);
      const timer = setTimeout(
        () => reject(new Error(`${cmd} (pid ${pid}) still running after ${timeoutMs} ms`)),
        timeoutMs,
      );
      exitWaiters.push((v) => {
        clearTimeout(timer);
        resolve(v);
      });
    });
  return {
    pid,
    output: () => out,
    exited: () => exit !== undefined,
    waitExit,
    async stop(graceMs = 10_000) {
      if (exit !== undefined) return exit;
      child.kill('SIGTERM');
      try {
        return await waitExit(graceMs);
      } catch {
        child.kill('SIGKILL');
        return waitExit(5_000);
      }
    },
  };
}

/** Polls `check` every `intervalMs` until it returns a value other than undefined/false. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A free loopback port (bind 0, read, close), picked per run. */
export function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  return new Promise((resolve, reject) => {
    if (kind === 'udp') {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
      return;
    }
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh temp dir, removed by the returned cleanup unless KEEP_DAEMON_TMP=1. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    dir,
    cleanup: () => {
      if (process.env.KEEP_DAEMON_TMP === '1') console.warn(`[kept] ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a file with mode 0600 (credentials). */
export function writeSecretFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
}

/** Installed Debian package version, for test output and the report. */
export function packageVersion(name: string): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : 'unknown';
}
