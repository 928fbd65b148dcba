import { EventEmitter } from 'node:events';
import { BanbridgeError } from '../../core/errors.js';
import type { Log } from '../../core/logger.js';
import { backoffDelay } from './backoff.js';
import type { CommandOptions, CommandResult } from './command-result.js';
import { RouterOsConnection } from './connection.js';
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
  /** Reconnect backoff after failed attempts; defaults 500 ms doubling up to 30 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface ClientEvents {
  /** A session was established (`reconnect` is false the first time). */
  connected: [info: { reconnect: boolean }];
  /** The session ended (the next command reconnects). */
  disconnected: [error: BanbridgeError];
}

/**
 * A RouterOS API client for one router: connects lazily, logs in, and reconnects when used
 * again after the session ended. Failed connection attempts back off exponentially with
 * jitter; during the backoff, commands fail fast with the last error (the caller — the
 * outbox worker — has its own retry schedule, so we do not make it wait twice).
 *
 * Never emits 'error' and never lets a rejection go unobserved: all failures surface as
 * rejections of the command that was asked for, as BanbridgeErrors with router codes.
 */
export class RouterOsClient extends EventEmitter<ClientEvents> {
  private connection: RouterOsConnection | undefined;
  private connecting: Promise<RouterOsConnection> | undefined;
  private failures = 0;
  private nextAttemptAt = 0;
  private lastError: BanbridgeError | undefined;
  private everConnected = false;
  private closed = false;
  readonly label: string;

  constructor(private readonly options: RouterOsClientOptions) {
    super();
    this.label = `router ${options.name} (${options.host}:${options.port})`;
  }

  /** Runs one command (tagged, pipelined with others up to the window). */
  async command(words: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const connection = await this.session();
    return connection.execute(words, options);
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
    const now = this.now();
    if (this.lastError && now < this.nextAttemptAt) {
      const wait = Math.ceil((this.nextAttemptAt - now) / 1000);
      return Promise.reject(
        new BanbridgeError(
          this.lastError.code,
          `${this.lastError.message} (next attempt in ${wait}s)`,
          {
            cause: this.lastError,
          },
        ),
      );
    }
    const attempt = this.open().then(
      (connection) => {
        this.connecting = undefined;
        this.failures = 0;
        this.lastError = undefined;
        if (this.closed) {
          void connection.close(
            new BanbridgeError('ROUTER_DISCONNECTED', `${this.label}: client closed`),
          );
          throw new BanbridgeError('ROUTER_DISCONNECTED', `${this.label}: client closed`);
        }
        this.connection = connection;
        connection.onClose((error) => {
          if (this.connection === connection) this.connection = undefined;
          // Our own close() is routine; a session the router or network ended is worth a warning.
          (this.closed ? this.options.log.debug : this.options.log.warn).call(
            this.options.log,
            'routeros: session ended',
            {
              router: this.options.name,
              error: error.message,
            },
          );
          this.emit('disconnected', error);
        });
        const reconnect = this.everConnected;
        this.everConnected = true;
        this.options.log.info(reconnect ? 'routeros: reconnected' : 'routeros: connected', {
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
        this.failures += 1;
        this.lastError = failure;
        const delay = backoffDelay(
          this.failures,
          this.options.backoffBaseMs ?? 500,
          this.options.backoffMaxMs ?? 30_000,
          this.options.random,
        );
        this.nextAttemptAt = this.now() + delay;
        this.options.log.warn('routeros: connection failed', {
          router: this.options.name,
          code: failure.code,
          error: failure.message,
          retryInMs: delay,
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
