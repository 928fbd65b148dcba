import { randomBytes, timingSafeEqual } from 'node:crypto';
import { legacyLoginResponse } from '../targets/routeros/legacy-login.js';
import { done, trap, type SimRequest, type SimSentence } from './sim-request.js';

export interface SimUser {
  name: string;
  password: string;
  /** A group without the write policy: changes trap `not enough permissions (9)`. */
  readOnly?: boolean;
}

export interface LoginOutcome {
  sentences: SimSentence[];
  user?: SimUser;
  /** Challenge handed out, to check a later `=response=` against. */
  challenge?: string;
}

const INVALID = 'invalid user name or password (6)';

/**
 * `/login` as RouterOS answers it (docs/routeros-notes.md §1.9, checklist §6.4):
 * - current (>= 6.45): name+password → `!done` or trap `invalid user name or password (6)`;
 *   a bare `/login` or name only → `!done =ret=<32 hex>` (still handed out by 7.20.8), but an
 *   MD5 `=response=` is refused (benmenking#52);
 * - legacy (< 6.43): every `/login` without a response gets a challenge (that is how dual-mode
 *   clients detect old routers); the MD5 response is checked, failure is `cannot log in`.
 */
export function simLogin(
  request: SimRequest,
  users: ReadonlyMap<string, SimUser>,
  legacy: boolean,
  challenge: string | undefined,
  newChallenge: () => string = () => randomBytes(16).toString('hex'),
): LoginOutcome {
  const name = request.attributes.get('name');
  const password = request.attributes.get('password');
  const response = request.attributes.get('response');
  const user = name === undefined ? undefined : users.get(name);
  if (response !== undefined) {
    if (!legacy || challenge === undefined || !user)
      return { sentences: trap(legacy ? 'cannot log in' : INVALID) };
    const expected = Buffer.from(legacyLoginResponse(user.password, challenge));
    const given = Buffer.from(response);
    const ok = expected.length === given.length && timingSafeEqual(expected, given);
    return ok ? { sentences: [done()], user } : { sentences: trap('cannot log in') };
  }
  if (legacy || password === undefined) {
    const fresh = newChallenge();
    return { sentences: [done(`=ret=${fresh}`)], challenge: fresh };
  }
  if (user && user.password === password) return { sentences: [done()], user };
  return { sentences: trap(INVALID) };
}
