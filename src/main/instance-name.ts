import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's name in router leases, status and metrics: host, pid and a random suffix,
 * so that a restarted instance is a new holder and waits for its predecessor's lease.
 */
export function instanceName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
