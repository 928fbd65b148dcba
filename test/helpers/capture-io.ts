import type { CliIo } from '../../src/cli/io.js';

/** A CliIo that keeps what a command printed, for in-process CLI tests. */
export function captureIo(
  cwd: string,
  env: Record<string, string> = {},
): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    cwd,
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}
