import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RouterConfig } from '../../../src/config/types.js';
import { BanbridgeError } from '../../../src/core/errors.js';
import { silentLog } from '../../../src/core/logger.js';
import { RouterSim, type RouterSimOptions } from '../../../src/sim/router-sim.js';
import { makeSelfSignedCert, type SelfSignedCert } from '../../../src/sim/self-signed-cert.js';
import { RouterOsTarget } from '../../../src/targets/routeros/routeros-target.js';
import { failOnUnhandled, routerConfig, SIM_USER } from './helpers.js';

failOnUnhandled();

let cert: SelfSignedCert;
let other: SelfSignedCert;
let caFile: string;
beforeAll(async () => {
  [cert, other] = await Promise.all([makeSelfSignedCert(), makeSelfSignedCert('someone-else')]);
  caFile = join(mkdtempSync(join(tmpdir(), 'banbridge-tls-test-')), 'ca.pem');
  writeFileSync(caFile, cert.cert);
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function target(
  tlsConfig: Partial<RouterConfig>,
  simTls: RouterSimOptions['tls'] = { cert: cert.cert, key: cert.key },
): Promise<RouterOsTarget> {
  const sim = new RouterSim({ users: [SIM_USER], tls: simTls });
  const port = await sim.start();
  cleanup.push(() => sim.stop());
  const t = new RouterOsTarget(routerConfig(port, { tls: true, ...tlsConfig }), silentLog);
  cleanup.push(() => t.close());
  return t;
}

async function tlsError(t: RouterOsTarget): Promise<BanbridgeError> {
  const error = await t.uptimeSeconds().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BanbridgeError);
  return error as BanbridgeError;
}

describe('TLS (api-ssl) against the simulator', () => {
  it('verifies the certificate against ca_file', async () => {
    const t = await target({ ca_file: caFile });
    expect(await t.uptimeSeconds()).toBeGreaterThanOrEqual(0);
  });

  it('pins the SHA-256 fingerprint, with or without colons, any case', async () => {
    const withColons = await target({ fingerprint: cert.fingerprint256 });
    expect(await withColons.uptimeSeconds()).toBeGreaterThanOrEqual(0);
    const bare = await target({ fingerprint: cert.fingerprint256.replace(/:/g, '').toLowerCase() });
    expect(await bare.uptimeSeconds()).toBeGreaterThanOrEqual(0);
  });

  it('a wrong fingerprint → ROUTER_TLS before anything is sent', async () => {
    const t = await target({ fingerprint: other.fingerprint256 });
    const error = await tlsError(t);
    expect(error.code).toBe('ROUTER_TLS');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('does not match');
  });

  it('a self-signed certificate without ca_file/fingerprint → ROUTER_TLS', async () => {
    const error = await tlsError(await target({}));
    expect(error.code).toBe('ROUTER_TLS');
  });

  it('a ca_file of another CA → ROUTER_TLS', async () => {
    const wrongCa = join(mkdtempSync(join(tmpdir(), 'banbridge-tls-test-')), 'ca.pem');
    writeFileSync(wrongCa, other.cert);
    expect((await tlsError(await target({ ca_file: wrongCa }))).code).toBe('ROUTER_TLS');
  });

  it('tls_insecure: true skips verification', async () => {
    const t = await target({ tls_insecure: true });
    expect(await t.uptimeSeconds()).toBeGreaterThanOrEqual(0);
  });

  it('tls_insecure reaches a certificate-less router (anonymous DH, @SECLEVEL=0)', async () => {
    const t = await target({ tls_insecure: true }, 'anonymous');
    expect(await t.uptimeSeconds()).toBeGreaterThanOrEqual(0);
  });

  it('a certificate-less router without tls_insecure → ROUTER_TLS', async () => {
    const error = await tlsError(await target({ ca_file: caFile }, 'anonymous'));
    expect(error.code).toBe('ROUTER_TLS');
  });
});
