import type { Json } from '../core/json.js';
import { INPUT_FIELD } from './routing.js';
import { vr } from './value-ref.js';

function rule(type: string, field: string, value: string, text: string): Json {
  return {
    type: vr.string(type),
    field: vr.string(field),
    value: vr.string(value),
    inverted: vr.boolean(false),
    description: vr.string(text),
  };
}

/** Messages from the inputs marked `origin` that an extractor gave a `src_ip`. */
export function failureStream(title: string, description: string, origin: string): Json {
  return {
    title: vr.string(title),
    description: vr.string(description),
    disabled: vr.boolean(false),
    matching_type: vr.string('AND'),
    stream_rules: [
      rule('EXACT', INPUT_FIELD, origin, `from a banbridge ${origin} input`),
      rule('PRESENCE', 'src_ip', '', 'an extractor found the address of a failed login'),
    ],
    alert_conditions: [],
    alarm_callbacks: [],
    outputs: [],
    default_stream: vr.boolean(false),
    remove_matches: vr.boolean(false),
  };
}
