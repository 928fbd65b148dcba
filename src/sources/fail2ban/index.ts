/** The fail2ban source: bodies of the shipped action (fail2ban/action.d/banbridge.conf). */
export { fail2banToBanRequests } from './to-ban-requests.js';
export { fail2banToUnban } from './to-unban.js';
export { readFail2banFields, fail2banVia } from './read-fields.js';
export type {
  Fail2banBanReport,
  Fail2banDetail,
  Fail2banFields,
  Fail2banUnbanReport,
} from './types.js';
