import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Log } from '../core/logger.js';

/**
 * How long a new connection may take to send its first request. Node's own timeouts start
 * with a request (headersTimeout, requestTimeout) or after a response (keepAliveTimeout): a
 * connection that never sends a byte stayed open for good (Node 20, server.timeout 0), and
 * 20,000 of them, from anyone, used up the process's file descriptors.
 */
export const FIRST_REQUEST_MS = 10_000;

/**
 * Connections open at once, at most; more are closed as they arrive (node:net
 * server.maxConnections, 'drop'). Far above what senders need (each Graylog node and
 * fail2ban server keeps one or a few), far below the descriptors Node gives itself, so the
 * store and router connections never run out.
 */
export const MAX_CONNECTIONS = 4_096;

/** How often a full server may say so, at most. */
const DROP_LOG_EVERY_MS = 60_000;

/**
 * Closes connections that send no request within `firstRequestMs`, and caps open ones at
 * `maxConnections`. With TLS the wait begins once the handshake is done (the handshake has its
 * own timeout, set where the server is made); without, at accept.
 */
export function limitConnections(
  server: Server,
  log: Log,
  options: { tls: boolean; firstRequestMs?: number; maxConnections?: number },
): void {
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const firstRequestMs = options.firstRequestMs ?? FIRST_REQUEST_MS;
  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), firstRequestMs);
    timer.unref();
    waiting.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  server.on('request', (req: { socket: Socket }) => {
    const timer = waiting.get(req.socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    waiting.delete(req.socket);
  });
  let droppedAt = -Infinity;
  let dropped = 0;
  server.on('drop', () => {
    dropped++;
    const now = performance.now();
    if (now - droppedAt < DROP_LOG_EVERY_MS) return;
    droppedAt = now;
    log.warn('connection refused: too many open connections', {
      max_connections: server.maxConnections,
      refused_since_last_line: dropped,
    });
    dropped = 0;
  });
}
