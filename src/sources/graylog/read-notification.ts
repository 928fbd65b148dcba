import { BanbridgeError } from '../../core/errors.js';
import {
  describeAjvError,
  fieldOfAjvError,
  validateDefaultTemplate,
  validateNotificationModel,
} from './notification-schema.js';
import { parseBodyText } from './parse-body-text.js';
import type { GraylogBacklogMessage, GraylogNotification } from './types.js';

import type { Json } from '../../core/json.js';

function invalid(message: string, field: string): BanbridgeError {
  return new BanbridgeError('GRAYLOG_BODY_INVALID', message, { field });
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** The default template renders a missing/null value as "" (JMTE); treat it as absent. */
const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Raw body text → the notification, whichever shape Graylog sent. Throws
 * GRAYLOG_BODY_INVALID (naming the field) for anything that is not a Graylog notification.
 */
export function readNotification(rawBody: string): GraylogNotification {
  const { value, repairedTrailingComma } = parseBodyText(rawBody);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('body must be a JSON object (a Graylog event notification)', 'body');
  }
  const body = value as Json;
  if (repairedTrailingComma && !('event_id' in body && !('event' in body))) {
    // The comma is forgiven only where Graylog's default template puts it.
    throw invalid('body is not JSON: trailing comma at the end of backlog', 'backlog');
  }
  if ('event' in body) return fromModel(body);
  if ('event_id' in body) return fromDefaultTemplate(body);
  throw invalid(
    'event is missing: not a Graylog event notification (HTTP Notification body, or a ' +
      'Custom HTTP Notification JSON body from the recommended or default template)',
    'event',
  );
}

/**
 * Characters of an event definition's title kept. It names the detector in every audit row,
 * log line and answer about the event's addresses (one per address), so a sender must not
 * be able to make it megabytes; Graylog's own titles are a few words.
 */
export const TITLE_MAX = 200;

const title = (text: string) => text.slice(0, TITLE_MAX);

function fromModel(body: Json): GraylogNotification {
  if (!validateNotificationModel(body)) {
    const error = validateNotificationModel.errors?.[0];
    if (error === undefined) throw invalid('body is not a Graylog notification', 'body');
    throw invalid(describeAjvError(error), fieldOfAjvError(error));
  }
  const event = body['event'] as Json;
  return {
    shape: 'notification-model',
    eventDefinitionId: body['event_definition_id'] as string,
    eventDefinitionType: str(body['event_definition_type']),
    eventDefinitionTitle: title(body['event_definition_title'] as string),
    jobDefinitionId: str(body['job_definition_id']),
    jobTriggerId: str(body['job_trigger_id']),
    eventId: event['id'] as string,
    timestamp: str(event['timestamp']),
    priority: typeof event['priority'] === 'number' ? event['priority'] : undefined,
    message: str(event['message']),
    // The recommended v2 template renders a null origin_context as "".
    originContext: nonEmpty(event['origin_context']),
    graylogNode: str(event['source']),
    fields: event['fields'] as Record<string, string>,
    groupByFields: (event['group_by_fields'] as Record<string, string> | undefined) ?? {},
    keyTuple: (event['key_tuple'] as string[] | undefined) ?? [],
    key: nonEmpty(event['key']),
    backlog: (body['backlog'] as Json[]).map((entry): GraylogBacklogMessage => ({
      message: entry['message'] as string,
      fields: (entry['fields'] as Json | undefined) ?? {},
    })),
  };
}

function fromDefaultTemplate(body: Json): GraylogNotification {
  if (!validateDefaultTemplate(body)) {
    const error = validateDefaultTemplate.errors?.[0];
    if (error === undefined) throw invalid('body is not a Graylog notification', 'body');
    throw invalid(describeAjvError(error), fieldOfAjvError(error));
  }
  const priority = Number(body['event_priority']);
  return {
    shape: 'default-v2-template',
    eventDefinitionId: body['event_definition_id'] as string,
    eventDefinitionType: nonEmpty(body['event_definition_type']),
    // The default template writes the definition title as "event_title" (6.0.0–7.0.x) or
    // "event_summary_template" (7.1.0+); an edited template may use the model's own name.
    eventDefinitionTitle: title(
      nonEmpty(body['event_definition_title']) ??
        nonEmpty(body['event_title']) ??
        nonEmpty(body['event_summary_template']) ??
        (body['event_definition_id'] as string),
    ),
    jobDefinitionId: nonEmpty(body['job_definition_id']),
    jobTriggerId: nonEmpty(body['job_trigger_id']),
    eventId: body['event_id'] as string,
    timestamp: nonEmpty(body['event_timestamp']) ?? nonEmpty(body['event_timestamp_processing']),
    priority: Number.isInteger(priority) && body['event_priority'] !== '' ? priority : undefined,
    message: nonEmpty(body['event_message']),
    originContext: nonEmpty(body['event_origin_context']),
    graylogNode: nonEmpty(body['event_source']),
    fields: {},
    groupByFields: {},
    keyTuple: [],
    key: nonEmpty(body['event_key']),
    // Absent when the backlog is empty (`${if backlog}` in the template).
    backlog: ((body['backlog'] as Json[] | undefined) ?? []).map((entry) => ({
      message: entry['message'] as string,
      fields: {},
    })),
  };
}
