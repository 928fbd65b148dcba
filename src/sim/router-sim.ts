import net from 'node:net';
import tls from 'node:tls';
import { formatDuration } from '../core/duration.js';
import { AddressListMenu, type SimChange } from './address-list-menu.js';
import { AddressTable, type SimEntry } from './address-table.js';
import type { Chunking } from './reply-writer.js';
import type { SimUser } from './sim-login.js';
import { row, trap, done, type SimReplies, type SimRequest } from './sim-request.js';
import { SimSession, type SimContext } from './sim-session.js';
import { WriterLog, type WriterStats } from './writer-log.js';

export type { SimUser } from './sim-login.js';
export type { SimEntry } from './address-table.js';
export type { SimChange } from './address-list-menu.js';

export interface RouterSimOptions {
  /** Listen address; loopback by default. */
  host?: string;
  /** Accepted users (default: `admin` with an empty password, like a fresh router). */
  users?: SimUser[];
  /** api-ssl with this certificate, or `anonymous` for a certificate-less ADH-only router. */
  tls?: { cert: string | Buffer; key: string | Buffer } | 'anonymous';
  /** Behave like RouterOS < 6.43: only the MD5 challenge login works. */
  legacyLogin?: boolean;
  /** Behave like RouterOS < 7.18: no `!empty` for zero-row prints. */
  pre718?: boolean;
  /** Delay before each command's reply, in ms: the network round trip. */
  latencyMs?: number;
  /**
   * Router CPU time per command, in ms, on one CPU shared by every session: commands queue
   * for it, so concurrency beyond the CPU does not help — like a real router (published
   * RB5009 figures: 1–3 ms per address-list add). 0 (default): free and fully parallel.
   */
  serviceMs?: number;
  chunking?: Chunking;
  /** Epoch ms (tests can move time forward to expire dynamic entries). */
  clock?: () => number;
  /** Login challenge generator (tests replay recorded challenges); default 16 random bytes. */
  challenge?: () => string;
  /** `/system/identity` name (default `banbridge-sim`). */
  identity?: string;
  /** Called after every address-list change made over the API. */
  onChange?: (change: SimChange) => void;
}

/**
 * Menus that exist but hold nothing here, so recorded zero-row prints (docs/routeros-notes.md §1.5) replay.
 */
const EMPTY_MENUS = new Set(['interface/pptp-server', 'ip/dhcp-server/lease']);

const WRITE_VERBS = new Set(['add', 'remove', 'set', 'unset']);

export interface SimStats {
  /** Connections open now / accepted in total. */
  connections: number;
  totalConnections: number;
  /** Commands received (login included). */
  commands: number;
  /** Most commands observed in flight at once on one connection. */
  maxInFlight: number;
  logins: number;
  failedLogins: number;
}

/**
 * A RouterOS API server over real TCP/TLS that behaves like a router for everything banbridge
 * uses (docs/routeros-notes.md §6 checklist): framing, login modes, tags, `!empty`, traps, `!fatal`, `/cancel`,
 * queries, and /ip + /ipv6 firewall address lists; plus knobs to make it slow, stalled,
 * unreachable or rebooted. For tests, demos and `banbridge router-sim`.
 */
export class RouterSim {
  readonly v4: AddressTable;
  readonly v6: AddressTable;
  private readonly menus: { 4: AddressListMenu; 6: AddressListMenu };
  private readonly users = new Map<string, SimUser>();
  private readonly sessions = new Set<SimSession>();
  private server: net.Server | undefined;
  private boundPort = 0;
  private bootedAt: number;
  private stalledFlag = false;
  private resumeQueue: (() => void)[] = [];
  private statsData: SimStats = emptyStats();
  private readonly writerLog = new WriterLog();
  private sessionCount = 0;
  private readonly clock: () => number;
  private readonly menuOptions: { emptyReplies: boolean; onChange?: (change: SimChange) => void };
  latencyMs: number;
  serviceMs: number;
  private cpuFreeAt = 0;
  chunking: Chunking;
  legacyLogin: boolean;
  /** `/system/identity` name; change it to play a different router on the same address. */
  identity: string;

  constructor(private readonly options: RouterSimOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.bootedAt = this.clock();
    this.latencyMs = options.latencyMs ?? 0;
    this.serviceMs = options.serviceMs ?? 0;
    this.chunking = options.chunking ?? 'whole';
    this.legacyLogin = options.legacyLogin ?? false;
    this.identity = options.identity ?? 'banbridge-sim';
    this.menuOptions = {
      emptyReplies: !(options.pre718 ?? false),
      ...(options.onChange ? { onChange: options.onChange } : {}),
    };
    this.v4 = new AddressTable(this.clock);
    this.v6 = new AddressTable(this.clock);
    this.menus = {
      4: new AddressListMenu(4, this.v4, this.clock, this.menuOptions),
      6: new AddressListMenu(6, this.v6, this.clock, this.menuOptions),
    };
    for (const user of options.users ?? [{ name: 'admin', password: '' }]) this.addUser(user);
  }

  /** Starts listening; resolves with the port (pass 0 for a random one). */
  async start({ port = 0 }: { port?: number } = {}): Promise<number> {
    this.boundPort = port;
    await this.listen();
    return this.boundPort;
  }

  get port(): number {
    return this.boundPort;
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await this.closeServer();
    this.resumeQueue = [];
  }

  // ---- knobs ----------------------------------------------------------------------------

  /** Closes every client connection at once (the clients see a reset). */
  dropConnections(): void {
    for (const session of [...this.sessions]) session.drop();
  }

  /** Stops listening: new connections are refused; open ones continue. */
  refuseConnections(): Promise<void> {
    return this.closeServer();
  }

  /** Listens again on the same port. */
  acceptConnections(): Promise<void> {
    return this.server ? Promise.resolve() : this.listen();
  }

  /** Stops answering (commands are held, connections stay open) until `resume()`. */
  stall(): void {
    this.stalledFlag = true;
  }

  resume(): void {
    this.stalledFlag = false;
    for (const run of this.resumeQueue.splice(0)) run();
  }

  /** Reboot: dynamic (RAM-only) entries vanish, uptime restarts, connections drop. */
  reboot(): void {
    this.v4.dropDynamic();
    this.v6.dropDynamic();
    this.bootedAt = this.clock();
    this.dropConnections();
  }

  /** Switch between 7.18+ (`!empty`) and older behaviour. */
  setPre718(pre718: boolean): void {
    this.menuOptions.emptyReplies = !pre718;
  }

  addUser(user: SimUser): void {
    this.users.set(user.name, user);
  }

  removeUser(name: string): void {
    this.users.delete(name);
  }

  stats(): SimStats {
    return { ...this.statsData, connections: this.sessions.size };
  }

  resetStats(): void {
    this.statsData = emptyStats();
  }

  // ---- address lists, for tests ----------------------------------------------------------

  table(family: 4 | 6): AddressTable {
    return family === 4 ? this.v4 : this.v6;
  }

  /** Live entries of one table (optionally one list), in id order. */
  entries(family: 4 | 6, list?: string): SimEntry[] {
    return [...this.table(family).entries()].filter((e) => list === undefined || e.list === list);
  }

  /** Adds an entry directly (no API round trip), normalising like `add` would. Throws on a trap. */
  addEntry(
    family: 4 | 6,
    fields: {
      list: string;
      address: string;
      comment?: string;
      timeout?: string;
      disabled?: boolean;
    },
  ): string {
    const words: [string, string][] = [
      ['list', fields.list],
      ['address', fields.address],
    ];
    if (fields.comment !== undefined) words.push(['comment', fields.comment]);
    if (fields.timeout !== undefined) words.push(['timeout', fields.timeout]);
    if (fields.disabled) words.push(['disabled', 'yes']);
    const reply = this.menus[family].run('add', {
      command: 'add',
      tag: undefined,
      attributes: new Map(words),
      queries: [],
    });
    const [first] = reply ?? [];
    if (first?.type !== '!done') throw new Error(`sim add refused: ${first?.words.join(' ')}`);
    return (first.words[0] ?? '').slice('=ret='.length);
  }

  // ---- internals --------------------------------------------------------------------------

  private execute(request: SimRequest, user: SimUser, session: number): SimReplies | undefined {
    const path = request.command.split('/').filter(Boolean);
    const verb = path.pop() ?? '';
    const menu = path.join('/');
    if (menu === 'ip/firewall/address-list' || menu === 'ipv6/firewall/address-list') {
      if (user.readOnly && verb !== 'print' && verb !== 'getall') {
        return trap('not enough permissions (9)');
      }
      if (WRITE_VERBS.has(verb)) this.writerLog.wrote(session, user.name);
      return this.menus[menu.startsWith('ipv6') ? 6 : 4].run(verb, request);
    }
    if (menu === 'system/resource' && (verb === 'print' || verb === 'getall')) {
      return [row(this.resource()), done()];
    }
    if (EMPTY_MENUS.has(menu) && (verb === 'print' || verb === 'getall')) {
      return this.menuOptions.emptyReplies ? [{ type: '!empty', words: [] }, done()] : [done()];
    }
    if (menu === 'system/identity' && (verb === 'print' || verb === 'getall')) {
      return [row(new Map([['name', this.identity]])), done()];
    }
    return undefined;
  }

  /** Queues one command on the router CPU; returns ms from now until its work is done. */
  private reserveCpu(): number {
    if (this.serviceMs <= 0) return 0;
    const now = performance.now();
    this.cpuFreeAt = Math.max(now, this.cpuFreeAt) + this.serviceMs;
    return this.cpuFreeAt - now;
  }

  private resource(): Map<string, string> {
    return new Map([
      ['uptime', formatDuration(this.clock() - this.bootedAt)],
      ['version', this.menuOptions.emptyReplies ? '7.19.1 (stable)' : '7.17.2 (stable)'],
      ['board-name', 'banbridge-sim'],
      ['platform', 'MikroTik'],
      ['cpu-load', '1'],
    ]);
  }

  /** Who wrote to the address lists, and whether two connections ever wrote at once. */
  writers(): WriterStats {
    return this.writerLog.stats();
  }

  private context(session: number): SimContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sim = this;
    let inFlight = 0;
    return {
      users: this.users,
      challenge: this.options.challenge,
      get legacyLogin() {
        return sim.legacyLogin;
      },
      get latencyMs() {
        return sim.latencyMs;
      },
      reserveCpu: () => this.reserveCpu(),
      get stalled() {
        return sim.stalledFlag;
      },
      get chunking() {
        return sim.chunking;
      },
      execute: (request, user) => this.execute(request, user, session),
      commandStarted: () => {
        inFlight++;
        this.statsData.commands++;
        this.statsData.maxInFlight = Math.max(this.statsData.maxInFlight, inFlight);
      },
      commandFinished: () => {
        inFlight--;
      },
      loginAttempt: (ok) => {
        if (ok) this.statsData.logins++;
        else this.statsData.failedLogins++;
      },
      whenResumed: (run) => {
        this.resumeQueue.push(run);
      },
    };
  }

  private listen(): Promise<void> {
    const onConnection = (socket: net.Socket): void => {
      const id = ++this.sessionCount;
      const session = new SimSession(socket, this.context(id));
      this.sessions.add(session);
      this.statsData.totalConnections++;
      socket.on('close', () => {
        this.sessions.delete(session);
        this.writerLog.closed(id);
      });
    };
    const tlsOption = this.options.tls;
    const server =
      tlsOption === undefined
        ? net.createServer(onConnection)
        : tls.createServer(
            tlsOption === 'anonymous'
              ? // api-ssl without a certificate offers only anonymous DH (API manual; docs/routeros-notes.md §1.1).
                {
                  ciphers: 'ADH-AES256-GCM-SHA384:@SECLEVEL=0',
                  maxVersion: 'TLSv1.2',
                  dhparam: 'auto',
                }
              : { cert: tlsOption.cert, key: tlsOption.key },
            onConnection,
          );
    server.on('tlsClientError', () => undefined);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.options.host ?? '127.0.0.1', () => {
        server.removeListener('error', reject);
        server.on('error', () => undefined);
        const address = server.address();
        if (address && typeof address === 'object') this.boundPort = address.port;
        this.server = server;
        resolve();
      });
    });
  }

  private closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      // close() waits for open connections; refusing new ones is what the knob promises.
      setImmediate(resolve);
    });
  }
}

function emptyStats(): SimStats {
  return {
    connections: 0,
    totalConnections: 0,
    commands: 0,
    maxInFlight: 0,
    logins: 0,
    failedLogins: 0,
  };
}
