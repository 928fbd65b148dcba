import type { Json } from '../core/json.js';
import type { ExtractorSpec } from './extractors.js';
import { INPUT_FIELD } from './routing.js';
import {
  integerRef,
  stringRef,
  vr,
  type IntegerOrParameter,
  type StringOrParameter,
} from './value-ref.js';

/** Input class names (graylog2-server `inputs/syslog/udp/SyslogUDPInput`, `…/tcp/SyslogTCPInput`). */
export const SYSLOG_INPUT_TYPES = {
  udp: 'org.graylog2.inputs.syslog.udp.SyslogUDPInput',
  tcp: 'org.graylog2.inputs.syslog.tcp.SyslogTCPInput',
} as const;

export interface SyslogInputOptions {
  title: string;
  protocol: keyof typeof SYSLOG_INPUT_TYPES;
  port: IntegerOrParameter;
  bindAddress: StringOrParameter;
  /** Value of the routing static field (routing.ts). */
  origin: string;
  extractors: readonly ExtractorSpec[];
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

/**
 * Transport keys: `NettyTransport` (UDP) and `AbstractTcpTransport`/`TcpTransport` (TCP, plain,
 * no TLS, newline or octet-counted framing told apart by `SyslogTCPFramingRouterHandler`);
 * codec keys: `SyslogCodec` (5.0.0). Values as in Graylog's own exports (5.1.4, 6.0.0-rc.4).
 */
function transport(protocol: SyslogInputOptions['protocol']): Json {
  if (protocol === 'udp') return { recv_buffer_size: vr.integer(262144) };
  return {
    recv_buffer_size: vr.integer(1048576),
    tcp_keepalive: vr.boolean(false),
    use_null_delimiter: vr.boolean(false),
    max_message_size: vr.integer(2097152),
    tls_enable: vr.boolean(false),
    tls_cert_file: vr.string(''),
    tls_key_file: vr.string(''),
    tls_key_password: vr.string(''),
    tls_client_auth: vr.string('disabled'),
    tls_client_auth_cert_file: vr.string(''),
  };
}

/** A Syslog UDP or TCP input that marks every message with the routing field. */
export function syslogInput(options: SyslogInputOptions): Json {
  return {
    title: vr.string(options.title),
    type: vr.string(SYSLOG_INPUT_TYPES[options.protocol]),
    global: vr.boolean(true),
    configuration: {
      bind_address: stringRef(options.bindAddress),
      port: integerRef(options.port),
      ...transport(options.protocol),
      number_worker_threads: vr.integer(2),
      charset_name: vr.string('UTF-8'),
      force_rdns: vr.boolean(false),
      allow_override_date: vr.boolean(true),
      store_full_message: vr.boolean(false),
      expand_structured_data: vr.boolean(false),
    },
    static_fields: { [INPUT_FIELD]: vr.string(options.origin) },
    extractors: options.extractors.map(extractor),
  };
}
