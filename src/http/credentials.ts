import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserConfig } from '../config/types.js';
import type { Principal } from './principal.js';

/** What a user without a password or token is compared against (the work stays the same). */
const none = digest('');

/**
 * Checks secrets in constant time: every candidate is hashed to a fixed length and compared
 * with timingSafeEqual, and every user is checked (no early exit), so neither the secret's
 * length nor which user matched shows in the response time.
 */
export class CredentialChecker {
  private readonly users: {
    name: string;
    /** digest(name), computed once: every check compares it. */
    nameDigest: Buffer;
    role: Principal['role'];
    password: Buffer | undefined;
    token: Buffer | undefined;
  }[];

  constructor(users: readonly UserConfig[]) {
    this.users = users.map((u) => ({
      name: u.name,
      nameDigest: digest(u.name),
      role: u.role,
      password: u.password === undefined ? undefined : digest(u.password),
      token: u.token === undefined ? undefined : digest(u.token),
    }));
  }

  /**
   * HTTP Basic: the user's password or token, and which of the two matched (the throttle
   * refuses a password from a locked-out client, never a token).
   */
  basic(name: string, secret: string): (Principal & { via: 'password' | 'token' }) | undefined {
    const given = digest(secret);
    const wanted = digest(name);
    let found: (Principal & { via: 'password' | 'token' }) | undefined;
    for (const user of this.users) {
      const nameOk = timingSafeEqual(user.nameDigest, wanted);
      const passwordOk =
        timingSafeEqual(user.password ?? none, given) && user.password !== undefined;
      const tokenOk = timingSafeEqual(user.token ?? none, given) && user.token !== undefined;
      if (nameOk && (passwordOk || tokenOk)) {
        found = { name: user.name, role: user.role, via: tokenOk ? 'token' : 'password' };
      }
    }
    return found;
  }

  /** Whether a name is a configured user (names are not secret; a typed secret is no name). */
  knows(name: string): boolean {
    return this.users.some((u) => u.name === name);
  }

  /** Bearer or ?token=: a user's token (never a password: those go with a user name). */
  token(secret: string): Principal | undefined {
    const given = digest(secret);
    let found: Principal | undefined;
    for (const user of this.users) {
      const ok = timingSafeEqual(user.token ?? none, given) && user.token !== undefined;
      if (ok) found ??= { name: user.name, role: user.role };
    }
    return found;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
