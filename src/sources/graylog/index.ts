/** The Graylog source: notification bodies → ban requests. */
export { graylogToBanRequests } from './to-ban-requests.js';
export type {
  GraylogBacklogMessage,
  GraylogBodyShape,
  GraylogNotification,
  GraylogReport,
} from './types.js';
export { RECOMMENDED_V2_BODY_TEMPLATE } from './recommended-template.js';
