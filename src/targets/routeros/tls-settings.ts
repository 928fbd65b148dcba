import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { BanbridgeError } from '../../core/errors.js';

/**
 * Anonymous-DH cipher needed by api-ssl without a certificate (docs/routeros-notes.md §1.1): Node 20 /
 * OpenSSL 3 only offers it with `@SECLEVEL=0`. Offered only when the operator set
 * `tls_insecure: true`, next to the strong ciphers, so certificate routers still negotiate
 * those. (`DEFAULT:ADH-…` does not work: Node's default list carries `!aNULL`, which wins.)
 */
export const INSECURE_CIPHERS = 'HIGH:!eNULL:!MD5:ADH-AES256-GCM-SHA384:@SECLEVEL=0';

export interface TlsSettings {
  connect: TlsConnectOptions;
  /** Upper-case hex without colons, checked after the handshake (pinning). */
  fingerprint: string | undefined;
}

export interface TlsConfig {
  name: string;
  ca_file?: string;
  fingerprint?: string;
  tls_insecure: boolean;
}

export function normaliseFingerprint(text: string): string {
  return text.replace(/:/g, '').toUpperCase();
}

/**
 * Verification, in order of precedence: a pinned SHA-256 `fingerprint` (chain not checked —
 * routers use self-signed certificates); `ca_file` (chain and host name checked); else
 * `tls_insecure: true` skips all checks; else Node's default CA store.
 */
export function tlsSettings(config: TlsConfig, host: string): TlsSettings {
  const connect: TlsConnectOptions = { host };
  // SNI must not be an IP address (RFC 6066 §3); Node warns if it is.
  if (!/^[\d.]+$/.test(host) && !host.includes(':')) connect.servername = host;
  if (config.fingerprint !== undefined) {
    return {
      connect: { ...connect, rejectUnauthorized: false },
      fingerprint: normaliseFingerprint(config.fingerprint),
    };
  }
  if (config.ca_file !== undefined) {
    let ca: Buffer;
    try {
      ca = readFileSync(config.ca_file);
    } catch (error) {
      throw new BanbridgeError(
        'ROUTER_TLS',
        `router ${config.name}: cannot read ca_file ${config.ca_file}: ${(error as Error).message}`,
        { cause: error, field: 'ca_file' },
      );
    }
    return { connect: { ...connect, ca, rejectUnauthorized: true }, fingerprint: undefined };
  }
  if (config.tls_insecure) {
    return {
      connect: { ...connect, rejectUnauthorized: false, ciphers: INSECURE_CIPHERS },
      fingerprint: undefined,
    };
  }
  return { connect: { ...connect, rejectUnauthorized: true }, fingerprint: undefined };
}
