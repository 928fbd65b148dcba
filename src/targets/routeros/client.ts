import { EventEmitter } from 'node:events';
import { BanbridgeError } from '../../core/errors.js';
import type { Log } from '../../core/logger.js';
import type { CommandOptions, CommandResult } from './command-result.js';
import { RouterOsConnection, type ReadLimits } from './connection.js';
import { login } from './login.js';
import { openSocket } from './open-socket.js';
import type { TlsSettings } from './tls-settings.js';

export interface RouterOsClientOptions {
  /** Router name from the config, used in every message. */
  name: string;
  host: string;
  port: number;
  /** TLS settings (see tls-settings.ts), or undefined for plain TCP. */
  tls: TlsSettings | undefined;
  username: string;
  password: string;
  /** Commands in flight on the connection. */
  window: number;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  log: Log;
  /** Memory bounds per session (default READ_LIMITS). */
  limits?: ReadLimits;
  now?: () => number;
}

export interface ClientEvents {
  /** A session was established (`reconnect` is false the first time). */
  connected: [info: { reconnect: boolean }];
  /** The session ended (the next command reconnects). */
  disconnected: [error: BanbridgeError];
}

/**
 * A RouterOS API client for one router: connects lazily, logs in, and reconnects when used
 * again after the session ended. It keeps no retry schedule of its own: every command asked
 * for while there is no session starts (or joins) one connection attempt. When to try again
 * is the worker's decision alone (worker/link-state.ts), so two backoffs never stack.
 *
 * Never emits 'error' and never lets a rejection go unobserved: all failures surface as
 * rejections of the command that was asked for, as BanbridgeErrors with router codes.
 */
export class RouterOsClient extends EventEmitter<ClientEvents> {
  private connection: RouterOsConnection | undefined;
  private connecting: Promise<RouterOsConnection> | undefined;
  private everConnected = false;
  private closed = false;
  private mayWrite: (() => BanbridgeError | undefined) | undefined;
  readonly label: string;

  constructor(private readonly options: RouterOsClientOptions) {
    super();
    this.label = `router ${options.name} (${options.host}:${options.port})`;
  }

  /** Runs one command (tagged, pipelined with others up to the window). */
  async command(words: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const refused = this.mayWrite?.();
    if (refused !== undefined) throw refused;
    const connection = await this.session();
    return connection.execute(words, options);
  }

  /** See Target.fence: checked before a session is opened and before each command goes out. */
  fence(mayWrite: () => BanbridgeError | undefined): void {
    this.mayWrite = mayWrite;
  }

  /** Ends the session now (pending commands reject with `error`); the next command reconnects. */
  async drop(error: BanbridgeError): Promise<void> {
    const connection = this.connection ?? (await this.connecting?.catch(() => undefined));
    if (connection !== undefined && this.connection === connection) this.connection = undefined;
    await connection?.close(error);
  }

  get connected(): boolean {
    return this.connection?.alive === true;
  }

  /** Ends the session; in-flight commands reject with ROUTER_DISCONNECTED. */
  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection ?? (await this.connecting?.catch(() => undefined));
    this.connection = undefined;
    await connection?.close(
      new BanbridgeError('ROUTER_DISCONNECTED', `${this.label}: client closed`),
    );
  }

  private session(): Promise<RouterOsConnection> {
    if (this.closed) {
      return Promise.reject(
        new BanbridgeError('ROUTER_DISCONNECTED', `${this.label}: client closed`),
      );
    }
    if (this.connection?.alive) return Promise.resolve(this.connection);
    if (this.connecting) return this.connecting;
    const attempt = this.open().then(
      (connection) => {
        this.connecting = undefined;
        if (this.closed) {
          void connection.close(
            new BanbridgeError('ROUTER_DISCONNECTED', `${this.label}: client closed`),
          );
          throw new BanbridgeError('ROUTER_DISCONNECTED', `${this.label}: client closed`);
        }
        this.connection = connection;
        connection.onClose((error) => {
          if (this.connection === connection) this.connection = undefined;
          // The worker logs the router going down once; per-session detail is debug.
          this.options.log.debug('routeros: session ended', {
            router: this.options.name,
            error: error.message,
          });
          this.emit('disconnected', error);
        });
        const reconnect = this.everConnected;
        this.everConnected = true;
        this.options.log.debug(reconnect ? 'routeros: reconnected' : 'routeros: connected', {
          router: this.options.name,
        });
        this.emit('connected', { reconnect });
        return connection;
      },
      (error: unknown) => {
        this.connecting = undefined;
        const failure =
          error instanceof BanbridgeError
            ? error
            : new BanbridgeError('ROUTER_UNREACHABLE', `${this.label}: ${String(error)}`, {
                cause: error,
              });
        this.options.log.debug('routeros: connection failed', {
          router: this.options.name,
          code: failure.code,
          error: failure.message,
        });
        throw failure;
      },
    );
    this.connecting = attempt;
    return attempt;
  }

  private async open(): Promise<RouterOsConnection> {
    const started = this.now();
    const { connectTimeoutMs } = this.options;
    const socket = await openSocket({
      label: this.label,
      host: this.options.host,
      port: this.options.port,
      tls: this.options.tls,
      timeoutMs: connectTimeoutMs,
    });
    const connection = new RouterOsConnection(socket, {
      label: this.label,
      window: this.options.window,
      commandTimeoutMs: this.options.commandTimeoutMs,
      log: this.options.log,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      mayWrite: () => this.mayWrite?.(),
    });
    try {
      const remaining = Math.max(1, connectTimeoutMs - (this.now() - started));
      await login(connection, this.label, this.options.username, this.options.password, remaining);
    } catch (error) {
      await connection.close(
        new BanbridgeError('ROUTER_DISCONNECTED', `${this.label}: login failed`),
      );
      throw error;
    }
    return connection;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
