import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserConfig } from '../config/types.js';
import type { Principal } from './principal.js';

/**
 * Checks secrets in constant time: every candidate is hashed to a fixed length and compared
 * with timingSafeEqual, and every user is checked (no early exit), so neither the secret's
 * length nor which user matched shows in the response time.
 */
export class CredentialChecker {
  private readonly users: { name: string; role: Principal['role']; secrets: Buffer[] }[];

  constructor(users: readonly UserConfig[]) {
    this.users = users.map((u) => ({
      name: u.name,
      role: u.role,
      secrets: [u.password, u.token].filter((s): s is string => s !== undefined).map(digest),
    }));
  }

  /** HTTP Basic: the user's password or token. */
  basic(name: string, secret: string): Principal | undefined {
    const given = digest(secret);
    const wanted = digest(name);
    let found: Principal | undefined;
    for (const user of this.users) {
      const nameOk = timingSafeEqual(digest(user.name), wanted);
      let secretOk = false;
      for (const s of user.secrets) secretOk = timingSafeEqual(s, given) || secretOk;
      if (nameOk && secretOk) found = { name: user.name, role: user.role };
    }
    return found;
  }

  /** Bearer or ?token=: any user's token (or password). */
  token(secret: string): Principal | undefined {
    const given = digest(secret);
    let found: Principal | undefined;
    for (const user of this.users) {
      let ok = false;
      for (const s of user.secrets) ok = timingSafeEqual(s, given) || ok;
      if (ok) found ??= { name: user.name, role: user.role };
    }
    return found;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
