import type { Log } from '../../src/core/logger.js';

/** A Log that keeps every line, so tests can assert what was (and was not) logged. */
export class RecordingLog implements Log {
  readonly lines: { level: string; message: string; meta: Record<string, unknown> | undefined }[] =
    [];

  error(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, meta });
  }
  warn(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, meta });
  }
  info(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, meta });
  }
  debug(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'debug', message, meta });
  }

  /** Everything logged, as one string (for "the secret appears nowhere" checks). */
  text(): string {
    return this.lines
      .map((l) => `${l.level} ${l.message} ${JSON.stringify(l.meta ?? {})}`)
      .join('\n');
  }
}
