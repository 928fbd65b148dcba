import type { Response } from 'express';
import { BanbridgeError } from '../core/errors.js';

export interface Principal {
  name: string;
  role: 'reporter' | 'admin';
}

/** The authenticated caller, set by the auth middleware (never read from the request). */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (principal === undefined)
    throw new BanbridgeError('UNAUTHENTICATED', 'authentication required');
  return principal;
}
