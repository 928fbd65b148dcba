import type { Json } from '../core/json.js';
import { buildContentPack, type PackParameter, type Thresholds } from './build-pack.js';

/** Defaults of the shipped packs (README "Parameters"); the CLI can render other values. */
export const DEFAULT_THRESHOLDS: { ssh: Thresholds; mikrotik: Thresholds } = {
  ssh: { count: 5, windowMinutes: 10 },
  mikrotik: { count: 5, windowMinutes: 10 },
};
export const DEFAULT_PORTS = { servers: 5140, mikrotik: 5141 };

const PORT_PARAMETERS: PackParameter[] = [
  {
    name: 'SERVERS_SYSLOG_PORT',
    title: 'Servers syslog port (UDP and TCP)',
    description:
      'Port of the two inputs for Linux servers (rsyslog/60-banbridge-graylog-udp.conf or -tcp.conf forwarding sshd), UDP and TCP. Not below 1024: Graylog does not run as root.',
    type: 'integer',
    default_value: DEFAULT_PORTS.servers,
  },
  {
    name: 'MIKROTIK_SYSLOG_PORT',
    title: 'MikroTik syslog UDP port',
    description: 'UDP port of the input for MikroTik routers (/system logging action remote-port).',
    type: 'integer',
    default_value: DEFAULT_PORTS.mikrotik,
  },
  {
    name: 'SYSLOG_BIND_ADDRESS',
    title: 'Bind address of both inputs',
    description: 'Address the two syslog inputs listen on.',
    type: 'string',
    default_value: '0.0.0.0',
  },
];

const COMMON = {
  serversPort: { parameter: 'SERVERS_SYSLOG_PORT' },
  mikrotikPort: { parameter: 'MIKROTIK_SYSLOG_PORT' },
  bindAddress: { parameter: 'SYSLOG_BIND_ADDRESS' },
  ...DEFAULT_THRESHOLDS,
};

const DESCRIPTION =
  'Syslog inputs for servers (sshd, UDP and TCP) and MikroTik routers (login and IPsec failures), regex ' +
  'extractors that set src_ip, user and service, a stream per failure kind, aggregation event ' +
  'definitions (count per src_ip over a window) and an HTTP notification to banbridge, which ' +
  'bans each reported address on the routers. After installing: add the banbridge URL to the ' +
  'URL allowlist (whitelist before 7.0) and, on 7.x, start the two streams. See ' +
  'graylog-content-pack/README.md.';

/** graylog-content-pack/banbridge.json: Graylog 5.0–7.x, HTTP Notification (v1). */
export function shippedPackV1(): Json {
  return buildContentPack({
    id: '8f0c6a52-3b1e-4c2d-9a7f-62616e627201',
    name: 'banbridge: ban SSH and MikroTik attackers',
    summary: 'sshd and RouterOS failures per address → banbridge → MikroTik address list',
    description: DESCRIPTION,
    rev: 2,
    notification: { kind: 'v1', url: { parameter: 'BANBRIDGE_URL' } },
    parameters: [
      {
        name: 'BANBRIDGE_URL',
        title: 'banbridge notification URL, with its token',
        description:
          'Full URL of POST /v1/graylog including ?token=<reporter token>: an HTTP Notification ' +
          'in a content pack carries nothing but its URL. Or give the URL without token and set ' +
          'Basic authentication in the notification afterwards.',
        type: 'string',
        default_value: 'http://127.0.0.1:8080/v1/graylog?token=CHANGE_ME',
      },
      ...PORT_PARAMETERS,
    ],
    ...COMMON,
  });
}

/**
 * graylog-content-pack/banbridge-v2-graylog6.json: Graylog 6.0.6+ (the first release that
 * JSON-escapes template values), token in a header.
 */
export function shippedPackV2(): Json {
  return buildContentPack({
    id: '8f0c6a52-3b1e-4c2d-9a7f-62616e627202',
    name: 'banbridge (Graylog 6+): ban SSH and MikroTik attackers',
    summary:
      'Same as banbridge.json, with a Custom HTTP Notification sending the token in a header',
    description: DESCRIPTION,
    rev: 2,
    notification: {
      kind: 'v2',
      url: { parameter: 'BANBRIDGE_URL' },
      headers: { parameter: 'BANBRIDGE_HEADERS' },
    },
    parameters: [
      {
        name: 'BANBRIDGE_URL',
        title: 'banbridge notification URL',
        description: 'URL of POST /v1/graylog, without a token.',
        type: 'string',
        default_value: 'http://127.0.0.1:8080/v1/graylog',
      },
      {
        name: 'BANBRIDGE_HEADERS',
        title: 'Authorization header',
        description:
          'Header line(s) sent with each notification, "Name: value; Name2: value2". ' +
          'Replace CHANGE_ME with the reporter token.',
        type: 'string',
        default_value: 'Authorization: Bearer CHANGE_ME',
      },
      ...PORT_PARAMETERS,
    ],
    ...COMMON,
  });
}
