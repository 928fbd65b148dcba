import { BanbridgeError } from '../../core/errors.js';
import type { TargetFailure, TargetResult } from '../target.js';
import type { Trap } from './reply.js';

export const OK: TargetResult = { ok: true };

export function failure(error: BanbridgeError): TargetFailure {
  return { ok: false, error };
}

/** Any error from a command as a per-entry result (connection-level errors keep their code). */
export function failureFrom(error: unknown): TargetFailure {
  if (error instanceof BanbridgeError) return failure(error);
  return failure(
    new BanbridgeError('INTERNAL', `unexpected error talking to the router: ${String(error)}`, {
      cause: error,
    }),
  );
}

/** A router's refusal of one command for one entry: not retryable as is. */
export function trapError(label: string, what: string, traps: readonly Trap[]): BanbridgeError {
  const message = traps.map((trap) => trap.message).join('; ');
  return new BanbridgeError('ROUTER_TRAP', `${label} refused ${what}: ${message}`);
}

/** `failure: already have such entry` (AL-manual; docs/routeros-notes.md §2.3). */
export function isDuplicateTrap(traps: readonly Trap[]): boolean {
  return traps.some((trap) => trap.message.includes('already have such entry'));
}

/** `no such item` for an unknown `.id` (docs/routeros-notes.md §2.6; older versions add ` (4)`). */
export function isNoSuchItemTrap(traps: readonly Trap[]): boolean {
  return traps.length > 0 && traps.every((trap) => trap.message.startsWith('no such item'));
}
