import type { Json } from '../core/json.js';
import { MIKROTIK_EXTRACTORS, SSHD_EXTRACTORS } from './extractors.js';
import { notificationData, type NotificationOptions } from './notification-data.js';
import { failureStream } from './failure-stream.js';
import { perAddressEventDefinition, type Thresholds } from './per-address-event-definition.js';
import { MIKROTIK, SERVERS } from './routing.js';
import { syslogInput } from './syslog-input.js';
import type { IntegerOrParameter, StringOrParameter } from './value-ref.js';

/*
 * Builds banbridge's content pack for Graylog 5.0–7.x (docs/graylog.md, "Content packs"):
 * a server-version constraint (5.0.0; 6.0.6 with the Custom HTTP Notification), entity data
 * limited to the 5.0 field sets, series in the `function` form, 24-hex stream entity ids, Java
 * enum names, integer ports, value references wherever the entity classes declare them, no
 * grok patterns (regex extractors only).
 */

export type { Thresholds } from './per-address-event-definition.js';

export interface PackParameter {
  name: string;
  title: string;
  description: string;
  type: 'string' | 'integer' | 'boolean';
  default_value?: string | number | boolean;
}

export interface BuildPackOptions {
  id: string;
  /** Graylog refuses a second upload of the same id and rev: bump it when the pack changes. */
  rev?: number;
  name: string;
  summary: string;
  description: string;
  notification: NotificationOptions;
  parameters: PackParameter[];
  /** The servers' port, for the Syslog UDP and the Syslog TCP input alike. */
  serversPort: IntegerOrParameter;
  mikrotikPort: IntegerOrParameter;
  bindAddress: StringOrParameter;
  ssh: Thresholds;
  mikrotik: Thresholds;
  /** A URL allowlist entry (cannot take a parameter: its data is plain JSON). */
  allowlistEntry?: { id: string; type: 'literal' | 'regex'; title: string; value: string };
}

/** Lowest Graylog version per notification kind (docs/graylog.md, "Custom HTTP Notification"). */
export const MIN_VERSION = { v1: '5.0.0', v2: '6.0.6' } as const;

/** Fixed pack-local ids, so that every build of the pack is byte-for-byte the same. */
export const PACK_LOCAL_IDS = {
  serversInput: 'b0a1b2c3-0001-4000-8000-62616e627269',
  mikrotikInput: 'b0a1b2c3-0002-4000-8000-62616e627269',
  serversTcpInput: 'b0a1b2c3-0008-4000-8000-62616e627269',
  // 24-hex: Graylog 7.0.0 looks stream entity ids up as ObjectIds.
  sshStream: '62616e627269646765000001',
  mikrotikStream: '62616e627269646765000002',
  notification: 'b0a1b2c3-0003-4000-8000-62616e627269',
  sshEvent: 'b0a1b2c3-0004-4000-8000-62616e627269',
  mikrotikEvent: 'b0a1b2c3-0005-4000-8000-62616e627269',
  allowlist: 'b0a1b2c3-0006-4000-8000-62616e627269',
};
const IDS = PACK_LOCAL_IDS;

function entity(type: string, id: string, data: Json, minVersion: string): Json {
  return {
    v: '1',
    type: { name: type, version: '1' },
    id,
    data,
    constraints: [{ type: 'server-version', version: `>=${minVersion}` }],
  };
}

function inputs(options: BuildPackOptions): [string, Json][] {
  const { serversPort, mikrotikPort, bindAddress } = options;
  const servers = { origin: SERVERS, extractors: SSHD_EXTRACTORS, port: serversPort, bindAddress };
  return [
    [
      IDS.serversInput,
      syslogInput({ title: 'banbridge: servers syslog (UDP)', protocol: 'udp', ...servers }),
    ],
    [
      IDS.serversTcpInput,
      syslogInput({ title: 'banbridge: servers syslog (TCP)', protocol: 'tcp', ...servers }),
    ],
    [
      IDS.mikrotikInput,
      syslogInput({
        title: 'banbridge: MikroTik syslog (UDP)',
        protocol: 'udp',
        origin: MIKROTIK,
        extractors: MIKROTIK_EXTRACTORS,
        port: mikrotikPort,
        bindAddress,
      }),
    ],
  ];
}

/** The whole pack as Graylog's upload endpoint expects it (ContentPackV1). */
export function buildContentPack(options: BuildPackOptions): Json {
  const min = MIN_VERSION[options.notification.kind];
  const { ssh, mikrotik } = options;
  const entities: Json[] = [
    ...inputs(options).map(([id, data]) => entity('input', id, data, min)),
    entity(
      'stream',
      IDS.sshStream,
      failureStream(
        'banbridge: sshd authentication failures',
        'sshd lines from the servers inputs with an extracted src_ip.',
        SERVERS,
      ),
      min,
    ),
    entity(
      'stream',
      IDS.mikrotikStream,
      failureStream(
        'banbridge: MikroTik login and IPsec failures',
        'RouterOS lines from the MikroTik input with an extracted src_ip.',
        MIKROTIK,
      ),
      min,
    ),
    entity('notification', IDS.notification, notificationData(options.notification), min),
    entity(
      'event_definition',
      IDS.sshEvent,
      perAddressEventDefinition(
        'banbridge: SSH authentication failures',
        `${ssh.count} or more sshd authentication failures from one address within ${ssh.windowMinutes} minutes.`,
        IDS.sshStream,
        ssh,
        IDS.notification,
      ),
      min,
    ),
    entity(
      'event_definition',
      IDS.mikrotikEvent,
      perAddressEventDefinition(
        'banbridge: MikroTik login and IPsec failures',
        `${mikrotik.count} or more RouterOS login or IPsec failures from one address within ${mikrotik.windowMinutes} minutes.`,
        IDS.mikrotikStream,
        mikrotik,
        IDS.notification,
      ),
      min,
    ),
  ];
  if (options.allowlistEntry !== undefined) {
    // `url_whitelist_entry` is read by 3.2–HEAD; `url_allowlist_entry` only by 7.0+.
    entities.push(entity('url_whitelist_entry', IDS.allowlist, { ...options.allowlistEntry }, min));
  }
  return {
    v: '1',
    id: options.id,
    rev: options.rev ?? 1,
    name: options.name,
    summary: options.summary,
    description: options.description,
    vendor: 'banbridge',
    url: '',
    parameters: options.parameters,
    entities,
  };
}
