import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SelfSignedCert {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as `fingerprint:` accepts it). */
  fingerprint256: string;
}

/**
 * Makes a throwaway self-signed certificate with the `openssl` CLI (Node's crypto cannot
 * issue X.509 certificates), valid for 127.0.0.1, ::1 and localhost: for the simulator's
 * `--tls` mode and for tests (it is its own CA, so it also works as a `ca_file`).
 */
export async function makeSelfSignedCert(
  commonName = 'banbridge-router-sim',
): Promise<SelfSignedCert> {
  const dir = await mkdtemp(join(tmpdir(), 'banbridge-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '30',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ]);
    const cert = await readFile(certPath, 'utf8');
    const key = await readFile(keyPath, 'utf8');
    return { cert, key, fingerprint256: new X509Certificate(cert).fingerprint256 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
