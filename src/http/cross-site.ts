import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a browser says this request was sent by a page of another origin: an `Origin` that
 * is not `ownOrigin`, or `Sec-Fetch-Site` other than `same-origin` or `none` (typed or
 * bookmarked). Programs (curl, Graylog, fail2ban's action, scripts) send neither header, so
 * this only ever refuses a browser acting for someone else's page: a form that posts to
 * banbridge from another site rides on the Basic credentials the browser remembers, or on the
 * console's cookie (Fetch Metadata, https://www.w3.org/TR/fetch-metadata/; Origin, RFC 6454).
 */
export function crossSite(headers: IncomingHttpHeaders, ownOrigin: string): boolean {
  const origin = headers.origin;
  if (origin !== undefined && origin !== ownOrigin) return true;
  const site = headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}
