/**
 * Connections that never send a request, from anyone: closed after FIRST_REQUEST_MS (here
 * shortened), and at most MAX_CONNECTIONS (here 3) open at once. Before, such a connection
 * stayed open for good and 20,000 of them took the service down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { makeSelfSignedCert } from '../../src/sim/self-signed-cert.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({}, { connections: { firstRequestMs: 400, maxConnections: 3 } });
});
afterAll(async () => {
  await svc.close();
});

/** A raw TCP connection to the service; resolves once connected. */
function open(): Promise<{ socket: Socket; closed: Promise<string> }> {
  const { port } = new URL(svc.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

it('closes a connection that sends nothing, without an answer', async () => {
  const { closed } = await open();
  expect(await closed).toBe('');
});

it('keeps a connection that sent its request; its keep-alive goes on', async () => {
  const { socket, closed } = await open();
  const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  socket.write(request);
  // Past the first-request wait: the connection is kept (keep-alive), and answers again.
  await new Promise((resolve) => setTimeout(resolve, 800));
  socket.write(request);
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.end();
  const answers = (await closed).match(/HTTP\/1\.1 200 OK/g) ?? [];
  expect(answers).toHaveLength(2);
});

it('refuses connections beyond the cap, says so once, and takes new ones when room is made', async () => {
  const idle = await Promise.all([open(), open(), open()]);
  const fourth = await open();
  // Closed as it arrives, before the three still waiting for their first request.
  const firstClosed = await Promise.race([
    fourth.closed.then(() => 'fourth'),
    ...idle.map((c) => c.closed.then(() => 'idle')),
  ]);
  expect(firstClosed).toBe('fourth');
  expect(await fourth.closed).toBe('');
  await Promise.all(idle.map((c) => c.closed));
  expect((await svc.request('GET', '/healthz')).status).toBe(200);
  expect(
    svc.log.lines.filter((l) => l.message === 'connection refused: too many open connections'),
  ).toEqual([
    expect.objectContaining({
      level: 'warn',
      meta: expect.objectContaining({ max_connections: 3 }),
    }),
  ]);
});

it('over TLS: a connection that completes its handshake and sends nothing is closed too', async () => {
  const cert = await makeSelfSignedCert('banbridge-connection-test');
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-conn-tls-'));
  writeFileSync(join(dir, 'cert.pem'), cert.cert);
  writeFileSync(join(dir, 'key.pem'), cert.key);
  const secure = await startTestService(
    {
      listen: {
        host: '127.0.0.1',
        port: 0,
        tls: { cert_file: join(dir, 'cert.pem'), key_file: join(dir, 'key.pem') },
      },
    },
    { connections: { firstRequestMs: 400 } },
  );
  try {
    const { port } = new URL(secure.url);
    const closed = await new Promise<boolean>((resolve, reject) => {
      const socket = tlsConnect({
        port: Number(port),
        host: '127.0.0.1',
        ca: cert.cert,
        servername: 'localhost',
      });
      let handshake = false;
      socket.once('secureConnect', () => (handshake = true));
      socket.once('error', reject);
      socket.on('close', () => resolve(handshake));
    });
    expect(closed).toBe(true);
  } finally {
    await secure.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
