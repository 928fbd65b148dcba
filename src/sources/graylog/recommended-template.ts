/**
 * The body template banbridge recommends for a Custom HTTP Notification (v2, content type
 * JSON, Graylog ≥ 6.0.6: the first release whose JSON content type escapes template values,
 * `JsonSafeEngineProvider`; PLAIN_TEXT is never escaped). It renders a subset of the
 * notification model, so the same schema reads it as a v1 body. JMTE: the template must write
 * the quotes itself; numbers are left unquoted on purpose; `${if !last_m}` has no space (with
 * a space, as in Graylog's own default template, the comma is written after the last entry).
 * Add more `fields` entries if your event definitions use other ip_fields.
 */
export const RECOMMENDED_V2_BODY_TEMPLATE = [
  '{',
  '"event_definition_id":"${event_definition_id}",',
  '"event_definition_type":"${event_definition_type}",',
  '"event_definition_title":"${event_definition_title}",',
  '"job_definition_id":"${job_definition_id}",',
  '"job_trigger_id":"${job_trigger_id}",',
  '"event":{',
  '"id":"${event.id}",',
  '"timestamp":"${event.timestamp}",',
  '"message":"${event.message}",',
  '"origin_context":"${event.origin_context}",',
  '"priority":${event.priority},',
  '"key":"${event.key}",',
  '"source":"${event.source}",',
  '"fields":{"src_ip":"${event.fields.src_ip}"}',
  '},',
  '"backlog":[${foreach backlog m}',
  '{"message":"${m.message}","fields":{"src_ip":"${m.fields.src_ip}"}}${if !last_m},${end}',
  '${end}]',
  '}',
].join('\n');
