import { RECOMMENDED_V2_BODY_TEMPLATE } from '../recommended-template.js';
import { MIKROTIK_EXTRACTORS, SSHD_EXTRACTORS, type ExtractorSpec } from './extractors.js';
import {
  integerRef,
  stringRef,
  vr,
  type IntegerOrParameter,
  type StringOrParameter,
} from './value-ref.js';

/*
 * Builds banbridge's content pack, following the 5.0–7.x compatibility recipe of NOTES §2.8:
 * server-version constraint ">=5.0.0" (">=6.0.0" for the v2 notification), entity data
 * limited to the 5.0 field sets, series in the `function` form, 24-hex stream entity ids,
 * Java enum names, integer ports, no grok patterns at all (regex extractors only).
 */

export type Json = Record<string, unknown>;

export interface Thresholds {
  /** Failures per address within the window that trigger a report. */
  count: number;
  /** Window searched, in minutes (also the grace period per address). */
  windowMinutes: number;
}

export interface PackParameter {
  name: string;
  title: string;
  description: string;
  type: 'string' | 'integer' | 'boolean';
  default_value?: string | number | boolean;
}

export interface BuildPackOptions {
  id: string;
  name: string;
  summary: string;
  description: string;
  /** 'v1': HTTP Notification (5.0+); 'v2': Custom HTTP Notification with headers (6.0+). */
  notification: 'v1' | 'v2';
  notificationUrl: StringOrParameter;
  /** v2 only: "Name: value; Name2: value2" (HTTPEventNotificationConfigV2 `headers`). */
  notificationHeaders?: StringOrParameter;
  parameters: PackParameter[];
  serversPort: IntegerOrParameter;
  mikrotikPort: IntegerOrParameter;
  bindAddress: StringOrParameter;
  ssh: Thresholds;
  mikrotik: Thresholds;
  /** A URL allowlist entry (cannot take a parameter: its data is plain JSON). */
  allowlistEntry?: { id: string; type: 'literal' | 'regex'; title: string; value: string };
}

/** Static field on each input: how streams tell servers from routers (NOTES §4). */
export const INPUT_FIELD = 'banbridge_input';
export const SERVERS = 'servers';
export const MIKROTIK = 'mikrotik';

/** Fixed pack-local ids, so that every build of the pack is byte-for-byte the same. */
const IDS = {
  serversInput: 'b0a1b2c3-0001-4000-8000-62616e627269',
  mikrotikInput: 'b0a1b2c3-0002-4000-8000-62616e627269',
  // 24-hex: Graylog 7.0.0 looks stream entity ids up as ObjectIds (NOTES §2.6).
  sshStream: '62616e627269646765000001',
  mikrotikStream: '62616e627269646765000002',
  notification: 'b0a1b2c3-0003-4000-8000-62616e627269',
  sshEvent: 'b0a1b2c3-0004-4000-8000-62616e627269',
  mikrotikEvent: 'b0a1b2c3-0005-4000-8000-62616e627269',
  allowlist: 'b0a1b2c3-0006-4000-8000-62616e627269',
};
export const PACK_LOCAL_IDS = IDS;

const ALL_EVENTS_STREAM = '000000000000000000000002';

function entity(type: string, id: string, data: Json, minVersion: string): Json {
  return {
    v: '1',
    type: { name: type, version: '1' },
    id,
    data,
    constraints: [{ type: 'server-version', version: `>=${minVersion}` }],
  };
}

function extractor(spec: ExtractorSpec, order: number): Json {
  return {
    title: vr.string(spec.title),
    type: vr.string('REGEX'),
    cursor_strategy: vr.string('COPY'),
    source_field: vr.string('message'),
    target_field: vr.string(spec.targetField),
    condition_type: vr.string(spec.contains === undefined ? 'NONE' : 'STRING'),
    condition_value: vr.string(spec.contains ?? ''),
    order: vr.integer(order),
    configuration: { regex_value: vr.string(spec.regex) },
    converters: [],
  };
}

function syslogUdpInput(
  title: string,
  port: IntegerOrParameter,
  bindAddress: StringOrParameter,
  origin: string,
  extractors: readonly ExtractorSpec[],
): Json {
  return {
    title: vr.string(title),
    type: vr.string('org.graylog2.inputs.syslog.udp.SyslogUDPInput'),
    global: vr.boolean(true),
    configuration: {
      bind_address: stringRef(bindAddress),
      port: integerRef(port),
      recv_buffer_size: vr.integer(262144),
      number_worker_threads: vr.integer(2),
      charset_name: vr.string('UTF-8'),
      force_rdns: vr.boolean(false),
      allow_override_date: vr.boolean(true),
      store_full_message: vr.boolean(false),
      expand_structured_data: vr.boolean(false),
      timezone: vr.string('NotSet'),
    },
    static_fields: { [INPUT_FIELD]: vr.string(origin) },
    extractors: extractors.map(extractor),
  };
}

function failureStream(title: string, description: string, origin: string): Json {
  const rule = (type: string, field: string, value: string, text: string) => ({
    type: vr.string(type),
    field: vr.string(field),
    value: vr.string(value),
    inverted: vr.boolean(false),
    description: vr.string(text),
  });
  return {
    title: vr.string(title),
    description: vr.string(description),
    disabled: vr.boolean(false),
    matching_type: vr.string('AND'),
    stream_rules: [
      rule('EXACT', INPUT_FIELD, origin, `from the banbridge ${origin} input`),
      rule('PRESENCE', 'src_ip', '', 'an extractor found the address of a failed login'),
    ],
    alert_conditions: [],
    alarm_callbacks: [],
    outputs: [],
    default_stream: vr.boolean(false),
    remove_matches: vr.boolean(false),
  };
}

function perAddressEventDefinition(
  title: string,
  description: string,
  streamId: string,
  thresholds: Thresholds,
  notificationId: string,
): Json {
  const windowMs = thresholds.windowMinutes * 60_000;
  const seriesId = 'count-src_ip';
  return {
    _scope: vr.string('DEFAULT'),
    title: vr.string(title),
    description: vr.string(description),
    priority: vr.integer(2),
    alert: vr.boolean(true),
    config: {
      type: 'aggregation-v1',
      query: vr.string('_exists_:src_ip'),
      streams: [streamId],
      group_by: ['src_ip'],
      // 5.0/5.1 know only the `function` form; 5.2+ still read it (SeriesSpecEntity).
      series: [{ id: seriesId, function: 'count', field: null }],
      conditions: {
        expression: {
          expr: '>=',
          left: { expr: 'number-ref', ref: seriesId },
          right: { expr: 'number', value: thresholds.count },
        },
      },
      search_within_ms: windowMs,
      execute_every_ms: 60_000,
    },
    // The attacker as an event field and as the event key: one notification per address,
    // and Graylog's grace period applies per address (NOTES §1.2, §5).
    field_spec: {
      src_ip: {
        data_type: 'string',
        providers: [{ type: 'template-v1', template: '${source.src_ip}', require_values: false }],
      },
    },
    key_spec: ['src_ip'],
    notification_settings: { grace_period_ms: windowMs, backlog_size: 1 },
    notifications: [{ notification_id: notificationId, notification_parameters: null }],
    storage: [{ type: 'persist-to-streams-v1', streams: [ALL_EVENTS_STREAM] }],
    is_scheduled: vr.boolean(true),
  };
}

function notificationData(options: BuildPackOptions): Json {
  const description = vr.string(
    'Reports each attacking address to banbridge, which bans it on the MikroTik routers.',
  );
  if (options.notification === 'v1') {
    return {
      title: vr.string('banbridge'),
      description,
      // HttpEventNotificationConfigEntity has `url` only (3.1–HEAD): the token rides in the URL.
      config: { type: 'http-notification-v1', url: stringRef(options.notificationUrl) },
    };
  }
  return {
    title: vr.string('banbridge'),
    description,
    config: {
      type: 'http-notification-v2',
      url: stringRef(options.notificationUrl),
      skip_tls_verification: vr.boolean(false),
      method: vr.string('POST'),
      time_zone: vr.string('UTC'),
      content_type: vr.string('JSON'),
      headers: stringRef(options.notificationHeaders ?? ''),
      body_template: vr.string(RECOMMENDED_V2_BODY_TEMPLATE),
    },
  };
}

/** The whole pack as Graylog's upload endpoint expects it (ContentPackV1). */
export function buildContentPack(options: BuildPackOptions): Json {
  const min = options.notification === 'v2' ? '6.0.0' : '5.0.0';
  const entities: Json[] = [
    entity(
      'input',
      IDS.serversInput,
      syslogUdpInput(
        'banbridge: servers syslog (UDP)',
        options.serversPort,
        options.bindAddress,
        SERVERS,
        SSHD_EXTRACTORS,
      ),
      min,
    ),
    entity(
      'input',
      IDS.mikrotikInput,
      syslogUdpInput(
        'banbridge: MikroTik syslog (UDP)',
        options.mikrotikPort,
        options.bindAddress,
        MIKROTIK,
        MIKROTIK_EXTRACTORS,
      ),
      min,
    ),
    entity(
      'stream',
      IDS.sshStream,
      failureStream(
        'banbridge: sshd authentication failures',
        'sshd lines from the servers input with an extracted src_ip.',
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
    entity('notification', IDS.notification, notificationData(options), min),
    entity(
      'event_definition',
      IDS.sshEvent,
      perAddressEventDefinition(
        'banbridge: SSH authentication failures',
        `${options.ssh.count} or more sshd authentication failures from one address within ${options.ssh.windowMinutes} minutes.`,
        IDS.sshStream,
        options.ssh,
        IDS.notification,
      ),
      min,
    ),
    entity(
      'event_definition',
      IDS.mikrotikEvent,
      perAddressEventDefinition(
        'banbridge: MikroTik login and IPsec failures',
        `${options.mikrotik.count} or more RouterOS login or IPsec failures from one address within ${options.mikrotik.windowMinutes} minutes.`,
        IDS.mikrotikStream,
        options.mikrotik,
        IDS.notification,
      ),
      min,
    ),
  ];
  if (options.allowlistEntry !== undefined) {
    // `url_whitelist_entry` is read by 3.2–HEAD; `url_allowlist_entry` only by 7.0+ (NOTES §2.7).
    entities.push(entity('url_whitelist_entry', IDS.allowlist, { ...options.allowlistEntry }, min));
  }
  return {
    v: '1',
    id: options.id,
    rev: 1,
    name: options.name,
    summary: options.summary,
    description: options.description,
    vendor: 'banbridge',
    url: '',
    parameters: options.parameters,
    entities,
  };
}
