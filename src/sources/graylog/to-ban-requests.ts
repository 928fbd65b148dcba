import type { BanRequest } from '../../core/ban-request.js';
import { parseDuration } from '../../core/duration.js';
import type { GraylogSourceConfig } from '../../config/types.js';
import { evidenceOf } from './evidence.js';
import { findAddresses } from './find-addresses.js';
import { readNotification } from './read-notification.js';
import { testNotificationMarker } from './test-notification.js';
import type { GraylogNotification, GraylogReport } from './types.js';

interface OverrideEffect {
  index: number;
  durationMs?: number;
  reportOnly?: boolean;
}

/** The first `sources.graylog.overrides` entry whose `match` is the definition's title or id. */
function overrideFor(
  notification: GraylogNotification,
  overrides: GraylogSourceConfig['overrides'],
): OverrideEffect | undefined {
  const index = overrides.findIndex(
    (o) =>
      o.match === notification.eventDefinitionTitle || o.match === notification.eventDefinitionId,
  );
  const override = overrides[index];
  if (override === undefined) return undefined;
  return {
    index,
    ...(override.ban_time === undefined
      ? {}
      : {
          durationMs: parseDuration(
            override.ban_time,
            `sources.graylog.overrides[${index}].ban_time`,
          ),
        }),
    ...(override.report_only === true ? { reportOnly: true } : {}),
  };
}

/**
 * The longest string kept of any field in the detail: it is logged (the test notification's
 * line) and audited, and Graylog's message and origin context are as long as the sender
 * makes them. The audit clips its own copy further (store/audit.ts).
 */
const DETAIL_FIELD_MAX = 300;

function auditDetail(notification: GraylogNotification): Record<string, unknown> {
  const detail: Record<string, unknown> = {
    event_definition_id: notification.eventDefinitionId,
    event_definition_title: notification.eventDefinitionTitle,
    event_definition_type: notification.eventDefinitionType,
    event_id: notification.eventId,
    priority: notification.priority,
    timestamp: notification.timestamp,
    message: notification.message,
    origin_context: notification.originContext,
    event_key: notification.key,
    job_trigger_id: notification.jobTriggerId,
    graylog_node: notification.graylogNode,
    body_shape: notification.shape,
  };
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined) delete detail[key];
    else if (typeof value === 'string' && value.length > DETAIL_FIELD_MAX) {
      detail[key] = `${value.slice(0, DETAIL_FIELD_MAX)}…`;
    }
  }
  return detail;
}

/**
 * A Graylog notification body (v1 HTTP Notification, or v2 Custom HTTP Notification JSON) →
 * what to ban. Pure: no I/O, no IP validation (policy decides each address downstream).
 * Throws BanbridgeError GRAYLOG_BODY_INVALID, naming the field, for anything else.
 */
export function graylogToBanRequests(rawBody: string, config: GraylogSourceConfig): GraylogReport {
  const notification = readNotification(rawBody);
  const detail = auditDetail(notification);

  const marker = testNotificationMarker(notification);
  if (marker !== undefined) return { kind: 'test', detail: { ...detail, test_marker: marker } };

  const found = findAddresses(notification, config);
  const kept = found.addresses.slice(0, config.max_addresses);
  const override = overrideFor(notification, config.overrides);
  const evidence = evidenceOf(notification);
  const reason = `Graylog: ${notification.eventDefinitionTitle}`;

  const requests = kept.map((ip): BanRequest => ({
    ip,
    reason,
    ...(override?.durationMs === undefined ? {} : { durationMs: override.durationMs }),
    ...(override?.reportOnly === true ? { reportOnly: true } : {}),
    ...(evidence === undefined ? {} : { evidence }),
  }));
  return {
    kind: 'event',
    requests,
    via: notification.eventDefinitionTitle,
    detail: {
      ...detail,
      addresses_from: found.origin,
      ...(override === undefined ? {} : { override: override.index }),
    },
    truncated: found.addresses.length - kept.length,
  };
}
