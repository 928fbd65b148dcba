import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'banbridge_session';

/** One cookie's value from the Cookie header (RFC 6265 §5.4 pairs), or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Secure when served over TLS, scoped to /ui, gone with `maxAgeMs` 0.
 */
export function setSessionCookie(req: Request, res: Response, id: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/ui',
    maxAge: maxAgeMs,
    encode: (v) => v,
  });
}
