import type { Json } from '../core/json.js';
import { RECOMMENDED_V2_BODY_TEMPLATE } from '../sources/graylog/recommended-template.js';
import { stringRef, vr, type StringOrParameter } from './value-ref.js';

export interface NotificationOptions {
  /** 'v1': HTTP Notification (5.0+); 'v2': Custom HTTP Notification with headers (6.0.6+). */
  kind: 'v1' | 'v2';
  url: StringOrParameter;
  /** v2 only: "Name: value; Name2: value2" (HTTPEventNotificationConfigV2 `headers`). */
  headers?: StringOrParameter;
}

const DESCRIPTION =
  'Reports each attacking address to banbridge, which bans it on the MikroTik routers.';

/** The notification entity's data, named "banbridge". */
export function notificationData(options: NotificationOptions): Json {
  const common = { title: vr.string('banbridge'), description: vr.string(DESCRIPTION) };
  if (options.kind === 'v1') {
    // HttpEventNotificationConfigEntity has `url` only (5.0–HEAD): the token rides in the URL.
    return { ...common, config: { type: 'http-notification-v1', url: stringRef(options.url) } };
  }
  return {
    ...common,
    config: {
      type: 'http-notification-v2',
      url: stringRef(options.url),
      skip_tls_verification: vr.boolean(false),
      method: vr.string('POST'),
      time_zone: vr.string('UTC'),
      // JSON: the only content type whose values Graylog escapes (JsonSafeEngineProvider, 6.0.6+).
      content_type: vr.string('JSON'),
      headers: stringRef(options.headers ?? ''),
      body_template: vr.string(RECOMMENDED_V2_BODY_TEMPLATE),
    },
  };
}
