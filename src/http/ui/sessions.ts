import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../principal.js';

export interface Session {
  principal: Principal;
  /** Sent back in every form; a change without it is refused (CSRF). */
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  /** Signed out after this long without a request. */
  idleMs: number;
  /** Signed out this long after signing in, whatever happens. */
  absoluteMs: number;
  /** Most sessions held; signing in beyond it ends the oldest. */
  max: number;
  /**
   * Most sessions one user holds; signing in beyond it ends that user's oldest — so one
   * credential (say the Graylog token, which sits in a URL) cannot sign everyone else out.
   */
  maxPerUser: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 60 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  max: 1000,
  maxPerUser: 20,
};

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * Console sessions, in memory (a restart signs everyone out, which is the safe direction).
 * The map is keyed by a hash of the cookie value, so neither a lookup's timing nor a heap
 * dump gives a usable session id. Bounded in number.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly now: () => number,
  ) {}

  /** A new session; returns the cookie value (the only place the id exists). */
  create(principal: Principal): { id: string; session: Session } {
    const now = this.now();
    this.sweep(now);
    const own = [...this.sessions].filter(([, s]) => s.principal.name === principal.name);
    for (const [key] of own.slice(0, Math.max(0, own.length - this.limits.maxPerUser + 1))) {
      this.sessions.delete(key);
    }
    while (this.sessions.size >= this.limits.max) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
    const id = randomBytes(32).toString('base64url');
    const session = {
      principal,
      csrf: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
    };
    this.sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session for a cookie value (and marks it used), or undefined. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined || id.length > 100) return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (session === undefined) return undefined;
    const now = this.now();
    if (this.expired(session, now)) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  destroy(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(digest(id));
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(session: Session, now: number): boolean {
    return (
      now - session.lastSeenAt > this.limits.idleMs ||
      now - session.createdAt > this.limits.absoluteMs
    );
  }

  private sweep(now: number): void {
    for (const [key, session] of this.sessions) {
      if (this.expired(session, now)) this.sessions.delete(key);
    }
  }
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(session: Session, given: unknown): boolean {
  if (typeof given !== 'string' || given.length > 200) return false;
  return timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(session.csrf).digest(),
  );
}
