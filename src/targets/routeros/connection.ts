import type { Duplex } from 'node:stream';
import { BanbridgeError } from '../../core/errors.js';
import type { Log } from '../../core/logger.js';
import type { CommandOptions, CommandResult, Row } from './command-result.js';
import { parseReply, trapOf, type Reply, type Trap } from './reply.js';
import { encodeSentence } from './sentence.js';
import { ProtocolViolation, SentenceDecoder } from './sentence-decoder.js';

interface Command {
  words: readonly string[];
  options: CommandOptions;
  resolve: (result: CommandResult) => void;
  reject: (error: BanbridgeError) => void;
  tag?: string;
  timer?: NodeJS.Timeout;
  /** performance.now() of the command's last reply (or of its sending). */
  lastReplyAt: number;
  rowCount: number;
  rows: Row[];
  traps: Trap[];
  empty: boolean;
}

export interface ConnectionOptions {
  /** `router edge1 (192.0.2.1:8728)`: names the router in every message. */
  label: string;
  window: number;
  commandTimeoutMs: number;
  log: Log;
  /** Memory bounds against a hostile or broken peer; see READ_LIMITS. */
  limits?: ReadLimits;
  /**
   * Asked right before each command is written to the socket: an error ends the session
   * with it instead (every command still queued or in flight rejects). The write fence of
   * a router this instance may stop driving at any moment (see Target.fence).
   */
  mayWrite?: () => BanbridgeError | undefined;
}

export interface ReadLimits {
  maxWordBytes: number;
  maxSentenceBytes: number;
  maxSentenceWords: number;
  /** Rows per command unless the command says otherwise (`CommandOptions.maxRows`). */
  maxRows: number;
  /** Overall deadline per command, as a multiple of its idle timeout, unless given. */
  deadlineFactor: number;
}

/** How early a timer may fire against performance.now(); see armTimer. */
const TIMER_SLACK_MS = 1;

/**
 * What one session buffers at most. Address-list rows are a few hundred bytes (their longest
 * word is a comment); anything far beyond is a broken or hostile peer, and its session ends
 * with ROUTER_PROTOCOL instead of growing the process until the heap limit kills it.
 */
export const READ_LIMITS: ReadLimits = {
  maxWordBytes: 64 * 1024,
  maxSentenceBytes: 256 * 1024,
  maxSentenceWords: 1024,
  maxRows: 10_000,
  deadlineFactor: 4,
};

/**
 * One logged-in (or logging-in) API session over an established socket.
 *
 * Every command gets a `.tag` so replies may interleave (MikroTik manual "Tags"); up to
 * `window` commands are in flight, the rest wait in a queue, so a batch of N costs about
 * N/window round trips. Each in-flight command has an idle timeout (reset by each of its
 * replies, so a long streamed print does not time out while rows keep coming).
 *
 * When the session ends for any reason — socket close, `!fatal`, protocol error, a timeout —
 * every in-flight and queued command is rejected with a typed BanbridgeError; nothing hangs
 * (unlike node-routeros, docs/routeros-notes.md §3.3-4) and nothing is thrown from socket callbacks.
 */
export class RouterOsConnection {
  private readonly queue: Command[] = [];
  private readonly inFlight = new Map<string, Command>();
  private nextTag = 1;
  private endError: BanbridgeError | undefined;
  private readonly decoder: SentenceDecoder;
  private readonly closeListeners: ((error: BanbridgeError) => void)[] = [];
  private readonly limits: ReadLimits;

  constructor(
    private readonly socket: Duplex,
    private readonly options: ConnectionOptions,
  ) {
    this.limits = options.limits ?? READ_LIMITS;
    this.decoder = new SentenceDecoder((words) => this.onSentence(words), this.limits);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.decoder.push(chunk);
      } catch (error) {
        const detail = error instanceof ProtocolViolation ? error.message : String(error);
        this.fail(
          new BanbridgeError(
            'ROUTER_PROTOCOL',
            `${options.label} sent an unreadable reply: ${detail}`,
            {
              cause: error,
            },
          ),
        );
      }
    });
    socket.on('error', (error: Error) => {
      this.fail(
        new BanbridgeError(
          'ROUTER_DISCONNECTED',
          `${options.label}: connection error: ${describe(error)}`,
          {
            cause: error,
          },
        ),
      );
    });
    socket.on('close', () => {
      this.fail(
        new BanbridgeError('ROUTER_DISCONNECTED', `${options.label} closed the connection`),
      );
    });
  }

  get alive(): boolean {
    return this.endError === undefined;
  }

  /** Called once when the session ends, with the reason. */
  onClose(listener: (error: BanbridgeError) => void): void {
    if (this.endError) listener(this.endError);
    else this.closeListeners.push(listener);
  }

  /** Runs a command; resolves at `!done` (traps included in the result), rejects if the session ends. */
  execute(words: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    return new Promise<CommandResult>((resolve, reject) => {
      if (this.endError) {
        reject(this.endError);
        return;
      }
      this.queue.push({
        words,
        options,
        resolve,
        reject,
        rowCount: 0,
        lastReplyAt: 0,
        rows: [],
        traps: [],
        empty: false,
      });
      this.pump();
    });
  }

  /** Ends the session; pending commands reject with `error`. Never removes anything. */
  close(error: BanbridgeError): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) {
        this.fail(error);
        resolve();
        return;
      }
      this.socket.once('close', () => resolve());
      this.fail(error);
    });
  }

  private pump(): void {
    if (this.queue.length === 0 || this.inFlight.size >= this.options.window) return;
    const corked = this.queue.length > 1;
    if (corked) this.socket.cork();
    while (this.queue.length > 0 && this.inFlight.size < this.options.window) {
      const refused = this.options.mayWrite?.();
      if (refused !== undefined) {
        this.fail(refused);
        break;
      }
      const command = this.queue.shift() as Command;
      const tag = String(this.nextTag++);
      command.tag = tag;
      this.inFlight.set(tag, command);
      this.armTimer(command);
      this.socket.write(encodeSentence([...command.words, `.tag=${tag}`]));
    }
    if (corked) process.nextTick(() => this.socket.uncork());
  }

  /**
   * One timer per command for both limits: the idle timeout (time since its last reply) and
   * the overall deadline (time since it was sent, however often rows come). A reply only
   * records its time; the timer, when it fires, re-arms for whatever is left.
   */
  private armTimer(command: Command): void {
    const idleMs = command.options.timeoutMs ?? this.options.commandTimeoutMs;
    const deadlineMs = command.options.deadlineMs ?? idleMs * this.limits.deadlineFactor;
    const name = command.words[0] ?? '?';
    const sentAt = performance.now();
    command.lastReplyAt = sentAt;
    const check = (): void => {
      const now = performance.now();
      const idleLeft = command.lastReplyAt + idleMs - now;
      const deadlineLeft = sentAt + deadlineMs - now;
      // A timer may fire up to a millisecond early against performance.now() (libuv counts
      // whole milliseconds): within TIMER_SLACK_MS counts as expired, so the command whose
      // timer fires first is the one abandoned, not a later one re-armed for a fraction.
      if (deadlineLeft <= TIMER_SLACK_MS) {
        this.abandon(command, `did not finish ${name} within its ${deadlineMs} ms deadline`);
      } else if (idleLeft <= TIMER_SLACK_MS) {
        this.abandon(command, `did not answer ${name} within ${idleMs} ms`);
      } else command.timer = setTimeout(check, Math.min(idleLeft, deadlineLeft));
    };
    command.timer = setTimeout(check, Math.min(idleMs, deadlineMs));
  }

  /** A stalled or endless command: the session state is unknown, so the session ends too. */
  private abandon(command: Command, what: string): void {
    const name = command.words[0] ?? '?';
    this.settle(command);
    command.reject(new BanbridgeError('ROUTER_TIMEOUT', `${this.options.label} ${what}`));
    this.fail(
      new BanbridgeError(
        'ROUTER_DISCONNECTED',
        `${this.options.label}: connection abandoned after ${name} timed out`,
      ),
    );
  }

  private settle(command: Command): void {
    if (command.timer) clearTimeout(command.timer);
    if (command.tag !== undefined) this.inFlight.delete(command.tag);
  }

  private onSentence(words: Buffer[]): void {
    const reply = parseReply(words);
    if (reply.type === '!fatal') {
      const reason = reply.bare.join(' ') || reply.attributes.get('message') || 'no reason given';
      this.fail(
        new BanbridgeError('ROUTER_FATAL', `${this.options.label} ended the session: ${reason}`),
      );
      return;
    }
    const command = reply.tag === undefined ? undefined : this.inFlight.get(reply.tag);
    if (!command) {
      // We tag every command, so this is a router quirk: log it, never throw (docs/routeros-notes.md §3.3-7).
      this.options.log.debug('routeros: reply for no pending command ignored', {
        router: this.options.label,
        type: reply.type,
        tag: reply.tag,
      });
      return;
    }
    command.lastReplyAt = performance.now();
    this.dispatch(command, reply);
  }

  private dispatch(command: Command, reply: Reply): void {
    switch (reply.type) {
      case '!re':
        if (++command.rowCount > (command.options.maxRows ?? this.limits.maxRows)) {
          this.fail(
            new BanbridgeError(
              'ROUTER_PROTOCOL',
              `${this.options.label} sent more than ${command.options.maxRows ?? this.limits.maxRows} rows for ${command.words[0] ?? '?'} (limit)`,
            ),
          );
          return;
        }
        if (command.options.onRow) command.options.onRow(reply.attributes);
        else command.rows.push(reply.attributes);
        return;
      case '!trap':
        command.traps.push(trapOf(reply));
        return;
      case '!empty':
        command.empty = true;
        return;
      case '!done':
        this.settle(command);
        command.resolve({
          rows: command.rows,
          done: reply.attributes,
          traps: command.traps,
          empty: command.empty,
        });
        this.pump();
        return;
      default:
        this.fail(
          new BanbridgeError(
            'ROUTER_PROTOCOL',
            `${this.options.label} sent an unknown reply word "${reply.type}"`,
          ),
        );
    }
  }

  private fail(error: BanbridgeError): void {
    if (this.endError) return;
    this.endError = error;
    const pending = [...this.inFlight.values(), ...this.queue];
    this.inFlight.clear();
    this.queue.length = 0;
    for (const command of pending) {
      if (command.timer) clearTimeout(command.timer);
      command.reject(error);
    }
    this.socket.destroy();
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}

export function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
