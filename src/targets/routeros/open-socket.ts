import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { BanbridgeError } from '../../core/errors.js';
import { describe } from './connection.js';
import type { TlsSettings } from './tls-settings.js';

export interface SocketTarget {
  label: string;
  host: string;
  port: number;
  tls: TlsSettings | undefined;
  timeoutMs: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EADDRNOTAVAIL',
]);

/** Opens the TCP or TLS socket (the router does not greet, the client speaks first: docs/routeros-notes.md §1.1). */
export function openSocket(target: SocketTarget): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    let settled = false;
    const socket: net.Socket | tls.TLSSocket = target.tls
      ? tls.connect({ ...target.tls.connect, port: target.port })
      : net.connect({ host: target.host, port: target.port });
    const finish = (error: BanbridgeError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('error', onError);
      if (error) {
        socket.on('error', () => undefined);
        socket.destroy();
        reject(error);
      } else {
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 30_000);
        resolve(socket);
      }
    };
    const onError = (error: Error): void => finish(classify(target, error));
    const timer = setTimeout(
      () =>
        finish(
          new BanbridgeError(
            'ROUTER_UNREACHABLE',
            `${target.label}: no connection within ${target.timeoutMs} ms; check host, port and that the api${target.tls ? '-ssl' : ''} service is enabled`,
          ),
        ),
      target.timeoutMs,
    );
    socket.on('error', onError);
    if (socket instanceof tls.TLSSocket) {
      socket.once('secureConnect', () => finish(checkPin(target, socket)));
    } else {
      socket.once('connect', () => finish(undefined));
    }
  });
}

function checkPin(target: SocketTarget, socket: tls.TLSSocket): BanbridgeError | undefined {
  const expected = target.tls?.fingerprint;
  if (expected === undefined) return undefined;
  const actual = socket.getPeerCertificate().fingerprint256?.replace(/:/g, '').toUpperCase();
  if (actual === expected) return undefined;
  return new BanbridgeError(
    'ROUTER_TLS',
    `${target.label}: certificate fingerprint ${actual ?? '(no certificate)'} does not match the configured fingerprint ${expected}; check the router's certificate and the fingerprint setting`,
    { field: 'fingerprint' },
  );
}

function classify(target: SocketTarget, error: Error): BanbridgeError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (NETWORK_CODES.has(code)) {
    return new BanbridgeError(
      'ROUTER_UNREACHABLE',
      `${target.label} not reachable: ${describe(error)}`,
      { cause: error },
    );
  }
  if (target.tls) {
    return new BanbridgeError(
      'ROUTER_TLS',
      `${target.label}: TLS failed: ${describe(error)}; check ca_file / fingerprint (or tls_insecure for a router without a certificate)`,
      { cause: error },
    );
  }
  return new BanbridgeError('ROUTER_UNREACHABLE', `${target.label}: ${describe(error)}`, {
    cause: error,
  });
}
