import { randomUUID } from 'node:crypto';
import type { Json } from '../core/json.js';
import { buildContentPack, type Thresholds } from './build-pack.js';
import { DEFAULT_PORTS, DEFAULT_THRESHOLDS } from './shipped-packs.js';

export interface RenderOptions {
  /** URL of banbridge's POST /v1/graylog, as Graylog will reach it. */
  url: string;
  /** Reporter token: v1 puts it in `?token=`, v2 in an Authorization header. */
  token?: string;
  /** Custom HTTP Notification (Graylog ≥ 6.0.6) instead of the HTTP Notification. */
  v2?: boolean;
  serversPort?: number;
  mikrotikPort?: number;
  ssh?: Thresholds;
  mikrotik?: Thresholds;
  /** Pack id; a new UUID by default (Graylog refuses a second upload of the same id+rev). */
  id?: string;
}

/** Quotes every character a Java regex treats specially (UrlAllowlist regex = Pattern.find). */
function quoteJavaRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The allowlist entry for the rendered URL. Without a token: a literal entry (exact string
 * equality). With a `?token=` URL: an anchored regex on the URL up to the token, so the
 * secret is not copied into the allowlist and a rotated token stays allowed.
 */
function allowlistEntryFor(notificationUrl: string, baseUrl: string, withQueryToken: boolean) {
  if (!withQueryToken) {
    return { type: 'literal' as const, title: 'banbridge', value: notificationUrl };
  }
  const separator = baseUrl.includes('?') ? '&' : '?';
  return {
    type: 'regex' as const,
    title: 'banbridge',
    value: `^${quoteJavaRegex(`${baseUrl}${separator}token=`)}[A-Za-z0-9._~%-]+$`,
  };
}

/**
 * Every character but RFC 3986's unreserved ones percent-encoded (encodeURIComponent leaves
 * ! ' ( ) * as they are), so the token matches the allowlist entry's character class.
 */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A pack for one operator's banbridge URL: no URL/token parameters left, allowlist included. */
export function renderContentPack(options: RenderOptions): Json {
  const base = new URL(options.url).toString();
  const token = options.token === '' ? undefined : options.token;
  const v2 = options.v2 === true;
  const queryToken = !v2 && token !== undefined;
  const notificationUrl = queryToken
    ? `${base}${base.includes('?') ? '&' : '?'}token=${percentEncode(token)}`
    : base;
  const allowlist = allowlistEntryFor(notificationUrl, base, queryToken);
  return buildContentPack({
    id: options.id ?? randomUUID(),
    name: `banbridge for ${new URL(base).host}`,
    summary: 'sshd and RouterOS failures per address → banbridge → MikroTik address list',
    description:
      `Rendered by \`banbridge content-pack\` for ${new URL(base).origin}. After installing, on ` +
      'Graylog 7.x start the two banbridge streams. See graylog-content-pack/README.md.',
    notification: v2
      ? {
          kind: 'v2',
          url: notificationUrl,
          headers: token === undefined ? '' : `Authorization: Bearer ${token}`,
        }
      : { kind: 'v1', url: notificationUrl },
    parameters: [],
    serversPort: options.serversPort ?? DEFAULT_PORTS.servers,
    mikrotikPort: options.mikrotikPort ?? DEFAULT_PORTS.mikrotik,
    bindAddress: '0.0.0.0',
    ssh: options.ssh ?? DEFAULT_THRESHOLDS.ssh,
    mikrotik: options.mikrotik ?? DEFAULT_THRESHOLDS.mikrotik,
    allowlistEntry: { id: 'b6a1b2c3-0007-4000-8000-62616e627269', ...allowlist },
  });
}
