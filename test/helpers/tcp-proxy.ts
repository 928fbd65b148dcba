/**
 * A TCP proxy on a random loopback port in front of one upstream port, for cutting a link
 * the way a network partition does: `blackhole()` stops forwarding in both directions but
 * keeps every connection open, so the client sees its bytes accepted and never an answer (no
 * RST, no FIN — what a dropped route or a silent firewall looks like to it; on loopback the
 * kernel still acknowledges segments, so TCP keepalive cannot notice either). New connections
 * are accepted and left unanswered too. `heal()` forwards again, for new connections; the
 * ones that saw the blackhole stay silent, as after a real partition (the server side of
 * each has usually given up by then).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  blackhole(): void;
  heal(): void;
  /** Bytes the client side sent while its connection was blackholed, as latin1 text. */
  swallowed(): string;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamPort: number): Promise<TcpProxy> {
  let holed = false;
  let swallowed = '';
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  /** Connections that were open when the blackhole began, or opened during it. */
  const silenced = new WeakSet<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    clients.add(client);
    client.on('close', () => {
      sockets.delete(client);
      clients.delete(client);
    });
    client.on('error', () => undefined);
    if (holed) silenced.add(client);
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk: Buffer) => {
      if (silenced.has(client)) swallowed += chunk.toString('latin1');
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!silenced.has(client)) client.write(chunk);
    });
    client.on('end', () => {
      if (!silenced.has(client)) upstream.end();
    });
    upstream.on('end', () => {
      if (!silenced.has(client)) client.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    blackhole() {
      holed = true;
      for (const client of clients) silenced.add(client);
    },
    heal() {
      holed = false;
    },
    swallowed: () => swallowed,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
