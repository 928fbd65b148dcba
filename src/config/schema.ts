/**
 * The one JSON Schema for banbridge.yaml: shape and defaults live here and nowhere else (no
 * second list of keys or defaults in code or docs to drift). `expect` is our own annotation: the phrase check-config prints after the
 * key path ("routers[0].port: must be an integer from 1 to 65535").
 */
const duration = (def?: string) => ({
  type: 'string',
  pattern: '^\\s*(\\d+|(\\d+(ms|s|m|h|d|w))+)\\s*$',
  ...(def === undefined ? {} : { default: def }),
  expect: 'a duration such as 30s, 10m, 24h or 1w2d',
});

const secret = (name: string) => ({
  [name]: { type: 'string', minLength: 1, expect: 'a non-empty string' },
  [`${name}_env`]: {
    type: 'string',
    pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
    expect: 'the name of an environment variable',
  },
  [`${name}_file`]: { type: 'string', minLength: 1, expect: 'a file path' },
});

const port = (def?: number) => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  ...(def === undefined ? {} : { default: def }),
  expect: 'an integer from 1 to 65535',
});

const name = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  expect: 'a name of letters, digits, ".", "_" or "-" (at most 64)',
};

const listName = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  default: 'Blocked address',
  expect: 'an address-list name (1 to 64 characters)',
};

export const configSchema = {
  $id: 'https://banbridge.local/config.json',
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    listen: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { type: 'string', minLength: 1, default: '127.0.0.1', expect: 'a host address' },
        port: {
          type: 'integer',
          minimum: 0,
          maximum: 65535,
          default: 8080,
          expect: 'an integer from 0 to 65535 (0: any free port)',
        },
        tls: {
          type: 'object',
          additionalProperties: false,
          required: ['cert_file', 'key_file'],
          properties: {
            cert_file: { type: 'string', minLength: 1, expect: 'a PEM certificate file path' },
            key_file: { type: 'string', minLength: 1, expect: 'a PEM key file path' },
          },
        },
        body_limit: {
          type: 'string',
          pattern: '^\\d+(b|kb|mb)$',
          default: '256kb',
          expect: 'a size such as 64kb or 1mb',
        },
        trust_proxy: {
          anyOf: [
            { type: 'boolean' },
            { type: 'integer', minimum: 0, maximum: 10 },
            { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
          ],
          default: false,
          expect:
            'false, a number of proxy hops, or a list of proxy addresses/CIDRs (e.g. [loopback]) whose X-Forwarded-For is believed',
        },
      },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        level: {
          enum: ['error', 'warn', 'info', 'debug'],
          default: 'info',
          expect: 'one of error, warn, info, debug',
        },
        format: {
          enum: ['auto', 'json', 'pretty'],
          default: 'auto',
          expect: 'one of auto, json, pretty',
        },
      },
    },
    users: {
      type: 'array',
      minItems: 1,
      expect: 'a list of at least one user',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'role'],
        properties: {
          name,
          role: { enum: ['reporter', 'admin'], expect: 'reporter or admin' },
          ...secret('password'),
          ...secret('token'),
        },
      },
    },
    store: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        // Exactly one of path (SQLite, the default ./data/banbridge.db) and url (PostgreSQL);
        // load.ts fills the default and refuses both.
        path: { type: 'string', minLength: 1, expect: 'a file path' },
        ...secret('url'),
        audit_retention: duration('365d'),
      },
    },
    routers: {
      type: 'array',
      default: [],
      expect: 'a list of routers',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'host', 'username'],
        properties: {
          name,
          host: { type: 'string', minLength: 1, expect: 'a host name or address' },
          port: port(),
          tls: { type: 'boolean', default: false, expect: 'true or false' },
          ca_file: { type: 'string', minLength: 1, expect: 'a PEM CA file path' },
          fingerprint: {
            type: 'string',
            pattern: '^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$',
            expect: 'a SHA-256 certificate fingerprint (64 hex digits, colons optional)',
          },
          tls_insecure: {
            type: 'boolean',
            default: false,
            expect: 'true or false (true skips certificate verification)',
          },
          username: { type: 'string', minLength: 1, expect: 'a RouterOS user name' },
          ...secret('password'),
          address_list: listName,
          address_list_v6: listName,
          entry_mode: {
            enum: ['dynamic', 'static'],
            default: 'dynamic',
            expect: 'dynamic or static',
          },
          pipeline_window: {
            type: 'integer',
            minimum: 1,
            maximum: 1024,
            default: 64,
            expect: 'an integer from 1 to 1024',
          },
          command_timeout: duration('30s'),
          connect_timeout: duration('10s'),
          sync_interval: duration('10m'),
          enabled: { type: 'boolean', default: true, expect: 'true or false' },
        },
      },
    },
    policy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        allowlist: {
          type: 'array',
          default: [],
          items: { type: 'string', minLength: 1, expect: 'an IP, CIDR or host name' },
          expect: 'a list of IPs, CIDRs or host names',
        },
        allowlist_refresh: duration('5m'),
        ban_time: duration('24h'),
        ipv6_prefix: {
          type: 'integer',
          minimum: 32,
          maximum: 128,
          default: 64,
          expect: 'an integer from 32 to 128',
        },
        max_ban_time: duration('35w'),
        escalation: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: true, expect: 'true or false' },
            factor: {
              type: 'number',
              minimum: 1,
              maximum: 100,
              default: 2,
              expect: 'a number from 1 to 100',
            },
            window: duration('30d'),
            permanent_after: {
              type: 'integer',
              minimum: 0,
              default: 0,
              expect: 'an integer ≥ 0 (0 = never permanent)',
            },
          },
        },
        max_new_bans_per_minute: {
          type: 'integer',
          minimum: 1,
          default: 120,
          expect: 'an integer ≥ 1 (per reporting credential)',
        },
        max_active_bans: {
          type: 'integer',
          minimum: 1,
          default: 50000,
          expect: 'an integer ≥ 1',
        },
        min_cidr_v4: {
          type: 'integer',
          minimum: 8,
          maximum: 32,
          default: 24,
          expect: 'an integer from 8 to 32 (widest IPv4 network a report may ban)',
        },
        min_cidr_v6: {
          type: 'integer',
          minimum: 16,
          maximum: 128,
          default: 48,
          expect: 'an integer from 16 to 128 (widest IPv6 network a report may ban)',
        },
      },
    },
    sources: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        graylog: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            ip_fields: {
              type: 'array',
              minItems: 1,
              items: { type: 'string', minLength: 1, expect: 'a message field name' },
              default: ['src_ip', 'source_ip', 'client_ip', 'remote_ip', 'src_addr', 'ip'],
              expect: 'a list of field names',
            },
            scan_message_text: { type: 'boolean', default: false, expect: 'true or false' },
            max_addresses: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              default: 50,
              expect: 'an integer from 1 to 1000',
            },
            overrides: {
              type: 'array',
              default: [],
              expect: 'a list of { match, ban_time?, report_only? }',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['match'],
                properties: {
                  match: {
                    type: 'string',
                    minLength: 1,
                    // TITLE_MAX in sources/graylog/read-notification.ts: titles are read
                    // up to 200 characters, so a longer match could never match.
                    maxLength: 200,
                    expect: 'an event definition title (up to 200 characters) or id',
                  },
                  ban_time: duration(),
                  report_only: { type: 'boolean', expect: 'true or false' },
                },
              },
            },
          },
        },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        public: {
          type: 'boolean',
          default: true,
          expect: 'true or false (false: /metrics needs an admin credential)',
        },
      },
    },
    worker: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        retry_base: duration('2s'),
        retry_max: duration('5m'),
        max_attempts: {
          type: 'integer',
          minimum: 1,
          default: 20,
          expect: 'an integer ≥ 1 (attempts before an operation is marked failed)',
        },
        refresh_below: duration('1h'),
        removal_guard: {
          type: 'object',
          additionalProperties: false,
          default: {},
          expect: '{ enabled, max_share, min_owned }',
          properties: {
            enabled: {
              type: 'boolean',
              default: true,
              expect: 'true or false (false: reconciles remove without asking)',
            },
            max_share: {
              type: 'number',
              minimum: 0,
              maximum: 1,
              default: 0.2,
              expect: 'a number from 0 to 1 (share of the owned entries one reconcile may remove)',
            },
            min_owned: {
              type: 'integer',
              minimum: 0,
              default: 20,
              expect: 'an integer ≥ 0 (the share rule applies above this many owned entries)',
            },
          },
        },
      },
    },
  },
} as const;
