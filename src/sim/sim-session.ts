import type { Socket } from 'node:net';
import { SentenceDecoder } from '../targets/routeros/sentence-decoder.js';
import { writeReplies, type Chunking } from './reply-writer.js';
import { simLogin, type SimUser } from './sim-login.js';
import {
  done,
  parseRequest,
  trap,
  type SimReplies,
  type SimRequest,
  type SimSentence,
} from './sim-request.js';
import { unknownCommand } from './unknown-command.js';

/** What a session needs from its RouterSim (read live, so knobs apply at once). */
export interface SimContext {
  readonly users: ReadonlyMap<string, SimUser>;
  readonly legacyLogin: boolean;
  readonly challenge: (() => string) | undefined;
  readonly latencyMs: number;
  /** Reserves the router CPU for one command; ms until it is done (0: no cost model). */
  reserveCpu(): number;
  readonly stalled: boolean;
  readonly chunking: Chunking;
  /** Runs a logged-in command; undefined when the path is unknown. */
  execute(request: SimRequest, user: SimUser): SimReplies | undefined;
  commandStarted(): void;
  commandFinished(): void;
  loginAttempt(ok: boolean): void;
  whenResumed(run: () => void): void;
}

interface Running {
  tag: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One API connection to the simulator: framing, login, tags, latency, `/cancel`, `/quit`,
 * `!fatal`. Replies of different tagged commands may interleave, as on a router.
 */
export class SimSession {
  private user: SimUser | undefined;
  private challenge: string | undefined;
  private readonly running = new Set<Running>();
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly context: SimContext,
  ) {
    const decoder = new SentenceDecoder((words) =>
      this.receive(words.map((word) => word.toString('utf8'))),
    );
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch {
        socket.destroy(); // a control byte or an oversized word: the router cannot continue
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.shutdown());
  }

  drop(): void {
    this.socket.destroy();
  }

  private receive(words: string[]): void {
    if (this.closed) return;
    if (this.context.stalled) {
      this.context.whenResumed(() => this.receive(words));
      return;
    }
    const request = parseRequest(words);
    if (request.command === '/login') return this.schedule(request, () => this.login(request));
    // Any other command before login — /cancel and /quit included — ends the session with
    // `!fatal not logged in` (an independent CHR 7.20.8 assessment, quoted in docs/routeros-facts.md).
    if (!this.user) return this.fatal('not logged in');
    if (request.command === '/cancel') return this.cancel(request);
    // `/quit` → `!fatal session terminated on request`, then close (librouteros docs/api_analysis.rst).
    if (request.command === '/quit') return this.fatal('session terminated on request');
    const user = this.user;
    if (request.command.endsWith('/listen')) {
      // Stays open until cancelled (updates on change are not simulated).
      this.running.add({ tag: request.tag, timer: undefined });
      return;
    }
    this.schedule(request, () => {
      // `#` is node-routeros' keepalive; the real answer is unknown (docs/routeros-notes.md §7), `!done` is safe.
      if (request.command === '#') return [done()];
      return this.context.execute(request, user) ?? unknownCommand(request.command);
    });
  }

  private schedule(request: SimRequest, run: () => SimReplies): void {
    this.context.commandStarted();
    const running: Running = { tag: request.tag, timer: undefined };
    const reply = (): void => {
      if (this.closed) return;
      if (this.context.stalled) return this.context.whenResumed(reply);
      this.running.delete(running);
      this.context.commandFinished();
      writeReplies(this.socket, run(), request.tag, this.context.chunking);
    };
    this.running.add(running);
    const delay = this.context.reserveCpu() + this.context.latencyMs;
    if (delay > 0) running.timer = setTimeout(reply, delay);
    else reply();
  }

  private login(request: SimRequest): SimSentence[] {
    const outcome = simLogin(
      request,
      this.context.users,
      this.context.legacyLogin,
      this.challenge,
      this.context.challenge,
    );
    this.challenge = outcome.challenge;
    if (outcome.user) this.user = outcome.user;
    if (outcome.challenge === undefined) this.context.loginAttempt(outcome.user !== undefined);
    return outcome.sentences;
  }

  /**
   * `/cancel [=tag=X]`: trap `interrupted` (category 2) for each cancelled command, then
   * cancel's own `!done`, then the cancelled command's `!done` (API manual; librouteros-analysis).
   */
  private cancel(request: SimRequest): void {
    const target = request.attributes.get('tag');
    const victims = [...this.running].filter((r) => target === undefined || r.tag === target);
    const out: [SimSentence[], string | undefined][] = [];
    for (const victim of victims) {
      if (victim.timer) clearTimeout(victim.timer);
      this.running.delete(victim);
      if (victim.timer) this.context.commandFinished();
      out.push([[trap('interrupted', 2)[0] as SimSentence], victim.tag]);
    }
    out.push([[done()], request.tag]);
    for (const victim of victims) out.push([[done()], victim.tag]);
    for (const [sentences, tag] of out)
      writeReplies(this.socket, sentences, tag, this.context.chunking);
  }

  /** `!fatal` carries its reason as a bare word, then the router closes (docs/routeros-notes.md §1.4). */
  private fatal(reason: string): void {
    writeReplies(
      this.socket,
      [{ type: '!fatal', words: [reason] }],
      undefined,
      this.context.chunking,
    );
    this.socket.end();
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const running of this.running) {
      if (running.timer) {
        clearTimeout(running.timer);
        this.context.commandFinished();
      }
    }
    this.running.clear();
  }
}
