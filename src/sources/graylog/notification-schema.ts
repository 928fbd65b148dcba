import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * JSON Schemas for the two body shapes (docs/graylog.md, "Notification bodies"). Only the
 * stable core is required; every field added after 4.1 is optional, `null` is accepted where
 * Graylog sends it, and unknown fields are ignored (additionalProperties stays open: Graylog
 * adds fields often).
 */
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
const nullableString = { type: ['string', 'null'] } as const;

const backlogMessage = {
  type: 'object',
  required: ['message'],
  properties: {
    message: { type: 'string' },
    // MessageSummary.fields keeps the original JSON types (numbers stay numbers).
    fields: { type: 'object' },
    id: { type: 'string' },
    index: { type: 'string' },
    source: { type: 'string' },
    timestamp: { type: 'string' },
    stream_ids: stringList,
  },
} as const;

/** EventNotificationModelData as Jackson writes it (v1, v2 without template, recommended template). */
export const notificationModelSchema = {
  type: 'object',
  required: [
    'event_definition_id',
    'event_definition_type',
    'event_definition_title',
    'event',
    'backlog',
  ],
  properties: {
    event_definition_id: { type: 'string', minLength: 1 },
    event_definition_type: { type: 'string' },
    event_definition_title: { type: 'string' },
    event_definition_description: nullableString,
    remediation_steps: nullableString, // 7.0+
    job_definition_id: nullableString,
    job_trigger_id: nullableString,
    event: {
      type: 'object',
      required: ['id', 'timestamp', 'fields', 'key'],
      properties: {
        id: { type: 'string', minLength: 1 },
        event_definition_type: { type: 'string' },
        event_definition_id: { type: 'string' },
        origin_context: nullableString, // null for aggregation events
        timestamp: { type: 'string', format: 'date-time' },
        timestamp_processing: nullableString,
        timerange_start: nullableString, // null for filter events
        timerange_end: nullableString,
        streams: stringList,
        source_streams: stringList,
        message: nullableString, // @Nullable in 7.1.3+ code
        source: { type: 'string' },
        key_tuple: stringList,
        key: nullableString,
        priority: { type: 'integer' },
        alert: { type: 'boolean' },
        fields: stringMap, // values are always strings (field_spec templates)
        group_by_fields: stringMap, // 4.1+
        scores: { type: 'object' }, // 6.0+
        associated_assets: stringList, // 6.1+
        aggregation_conditions: { type: ['object', 'null'] }, // 6.2.11 / 6.3.8 / 7.0.3+
        replay_info: { type: ['object', 'null'] }, // 5.1+
        tags: stringList, // unreleased 7.2
        tactics_techniques: stringList, // unreleased 7.2
      },
    },
    backlog: { type: 'array', items: backlogMessage },
  },
} as const;

/**
 * The body Graylog's own default JSON template renders (graylog2-web-interface
 * `components/event-notifications/event-notification-types/templates.ts`
 * `DEFAULT_JSON_TEMPLATE`, 6.0.0–HEAD): flat `event_*` keys, every value a string, backlog
 * entries with only id and message. The title is `event_title` up to 7.0.x and
 * `event_summary_template` from 7.1.0. `backlog` is wrapped in `${if backlog}…${end}`, and
 * JMTE treats an empty list as false: with an empty backlog (every "Execute Test
 * Notification", every event whose backlog is off or found nothing) there is no `backlog` key.
 */
export const defaultTemplateSchema = {
  type: 'object',
  required: ['event_definition_id', 'event_id', 'event_key'],
  properties: {
    event_definition_id: { type: 'string', minLength: 1 },
    event_definition_type: { type: 'string' },
    event_definition_title: { type: 'string' },
    event_title: { type: 'string' },
    event_summary_template: { type: 'string' },
    event_definition_description: { type: 'string' },
    job_definition_id: { type: 'string' },
    job_trigger_id: { type: 'string' },
    event_id: { type: 'string', minLength: 1 },
    event_origin_context: { type: 'string' },
    event_timestamp: { type: 'string' },
    event_timestamp_processing: { type: 'string' },
    event_message: { type: 'string' },
    event_source: { type: 'string' },
    event_key: { type: 'string' },
    event_priority: { type: ['string', 'integer'] },
    backlog: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: { id: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
addFormats.default(ajv, ['date-time']);

export const validateNotificationModel = ajv.compile(notificationModelSchema);
export const validateDefaultTemplate = ajv.compile(defaultTemplateSchema);

/** `/event/fields/src_ip` + missing `key` → `event.key`: the field named in the 400 answer. */
export function fieldOfAjvError(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') path.push(String(error.params['missingProperty']));
  return path.length === 0 ? 'body' : path.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** A sentence for the operator: which field, what was expected. */
export function describeAjvError(error: ErrorObject): string {
  const field = fieldOfAjvError(error);
  if (error.keyword === 'required') return `${field} is missing`;
  return `${field} ${error.message ?? 'is invalid'}`;
}
