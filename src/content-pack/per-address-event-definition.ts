import type { Json } from '../core/json.js';
import { vr } from './value-ref.js';

export interface Thresholds {
  /** Failures per address within the window that trigger a report. */
  count: number;
  /** Window searched, in minutes (also the grace period per address). */
  windowMinutes: number;
}

const ALL_EVENTS_STREAM = '000000000000000000000002';

/**
 * An aggregation event definition: `count()` per `src_ip` over the window, checked every
 * minute. The attacker is an event field and the event key: one notification per address,
 * and Graylog's grace period (keyed by notification, definition and event key,
 * `DBNotificationGracePeriodService`) applies per address.
 */
export function perAddressEventDefinition(
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
    field_spec: {
      src_ip: {
        data_type: 'string',
        providers: [{ type: 'template-v1', template: '${source.src_ip}', require_values: false }],
      },
    },
    key_spec: ['src_ip'],
    notification_settings: { grace_period_ms: windowMs, backlog_size: 1 },
    // A ValueReference in every version (EventNotificationHandlerConfigEntity.notificationId):
    // a bare string fails the install.
    notifications: [{ notification_id: vr.string(notificationId), notification_parameters: null }],
    storage: [{ type: 'persist-to-streams-v1', streams: [ALL_EVENTS_STREAM] }],
    is_scheduled: vr.boolean(true),
  };
}
