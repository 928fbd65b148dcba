/**
 * Typed errors with stable codes: callers branch on `code`, never on message text. Every code
 * is listed once here, with the HTTP status it maps to and whether retrying the same operation
 * later can succeed; the README's error table is checked against this list by a test.
 * `status: null` marks a per-address decision code: it only appears inside a 200/202 report
 * answer, never as the status of an HTTP answer.
 */
export const ERROR_CODES = {
  // Input and policy (HTTP API)
  BAD_REQUEST: { status: 400, retryable: false, title: 'Malformed request' },
  VALIDATION_FAILED: { status: 400, retryable: false, title: 'Request failed validation' },
  IP_INVALID: { status: 400, retryable: false, title: 'Not a canonical IP address or CIDR' },
  IP_RESERVED: { status: null, retryable: false, title: 'Special-purpose address, never banned' },
  IP_ALLOWLISTED: { status: null, retryable: false, title: 'Address is on the allowlist' },
  IP_TOO_WIDE: {
    status: null,
    retryable: false,
    title: 'Network wider than policy.min_cidr_v4/v6',
  },
  CAPACITY: { status: null, retryable: true, title: 'Active-ban cap reached' },
  RATE_LIMITED: { status: 429, retryable: true, title: 'Too many new bans from this source' },
  RESTORED_AFTER_LIFT: {
    status: null,
    retryable: false,
    title: 'fail2ban restored a ban that was lifted in banbridge meanwhile: not re-created',
  },
  UNAUTHENTICATED: { status: 401, retryable: false, title: 'Authentication required' },
  AUTH_RATE_LIMITED: { status: 429, retryable: true, title: 'Too many failed authentications' },
  FORBIDDEN: { status: 403, retryable: false, title: 'Not allowed for this role' },
  NOT_FOUND: { status: 404, retryable: false, title: 'No such resource' },
  METHOD_NOT_ALLOWED: { status: 405, retryable: false, title: 'Method not allowed' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, title: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, title: 'Body over the size limit' },
  GRAYLOG_BODY_INVALID: { status: 400, retryable: false, title: 'Not a Graylog notification' },
  FAIL2BAN_BODY_INVALID: { status: 400, retryable: false, title: 'Not a fail2ban action report' },
  STORE_UNAVAILABLE: { status: 503, retryable: true, title: 'Ban store unavailable' },
  STORE_LOCKED: { status: 503, retryable: false, title: 'Store in use by another serve' },
  STORE_MISSING: { status: 503, retryable: false, title: 'No store at store.path yet' },
  STORE_OUTDATED: {
    status: 503,
    retryable: false,
    title: 'Store written by an older banbridge, used as it is',
  },
  STORE_TOO_NEW: {
    status: 503,
    retryable: false,
    title: 'Store written by a newer banbridge',
  },
  INTERNAL: { status: 500, retryable: true, title: 'Internal error' },
  // Router leases (one writer per router; never sent over HTTP, `banbridge sync` exits with them)
  SYNC_NOT_ANSWERED: {
    status: 504,
    retryable: true,
    title: 'The instance driving the router did not answer the sync in time',
  },
  LEASE_HELD: {
    status: 409,
    retryable: true,
    title: 'Another instance drives the router (holds its lease)',
  },
  LEASE_LOST: {
    status: 503,
    retryable: true,
    // As a router error: its operations stay queued, for whichever instance drives it now.
    connection: true,
    title: "The router's lease was lost: this instance stopped writing to it",
  },
  // Configuration
  CONFIG_INVALID: { status: 500, retryable: false, title: 'Configuration is invalid' },
  // Routers (never sent over HTTP directly; shown in outbox state, status and logs).
  // `connection: true`: the router as a whole failed, not the one operation — the worker marks
  // it down and its queued operations wait without spending attempts.
  ROUTER_AUTH: {
    status: 502,
    retryable: false,
    connection: true,
    title: 'Router rejected the credentials',
  },
  ROUTER_UNREACHABLE: {
    status: 502,
    retryable: true,
    connection: true,
    title: 'Router not reachable',
  },
  ROUTER_TLS: {
    status: 502,
    retryable: false,
    connection: true,
    title: 'Router TLS verification failed',
  },
  ROUTER_TIMEOUT: {
    status: 504,
    retryable: true,
    connection: true,
    title: 'Router did not answer in time',
  },
  ROUTER_DISCONNECTED: {
    status: 502,
    retryable: true,
    connection: true,
    title: 'Router connection closed',
  },
  ROUTER_TRAP: { status: 502, retryable: false, title: 'Router refused the command' },
  ROUTER_LIST_TOO_LONG: {
    status: 502,
    retryable: false,
    title: 'The router holds more list entries than banbridge reads for a reconcile',
  },
  ROUTER_SHADOWED: {
    status: 409,
    retryable: true,
    title:
      "The operator's own entry for the address blocks nothing for the ban (disabled, or its timeout runs out first), and the router refuses a second one",
  },
  ROUTER_FATAL: {
    status: 502,
    retryable: true,
    connection: true,
    title: 'Router ended the session',
  },
  ROUTER_PROTOCOL: {
    status: 502,
    retryable: true,
    connection: true,
    title: 'Router sent an unreadable reply',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class BanbridgeError extends Error {
  readonly code: ErrorCode;
  /** HTTP status; 500 for a per-address decision code (which is never an HTTP answer). */
  readonly status: number;
  readonly retryable: boolean;
  /** The router connection failed (see ERROR_CODES); false for every other code. */
  readonly connection: boolean;
  /** Key path, field or header the problem is about (for problem+json `field`). */
  readonly field: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BanbridgeError';
    this.code = code;
    this.status = ERROR_CODES[code].status ?? 500;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.connection = isConnectionCode(code);
    this.field = options.field;
  }
}

export function isBanbridgeError(value: unknown): value is BanbridgeError {
  return value instanceof BanbridgeError;
}

/** Whether a code means "the router connection failed" (data in ERROR_CODES, not a list). */
export function isConnectionCode(code: string): boolean {
  const entry = (ERROR_CODES as Record<string, { connection?: boolean }>)[code];
  return entry?.connection === true;
}
