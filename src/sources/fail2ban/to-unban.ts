import { fail2banVia, readFail2banFields } from './read-fields.js';
import type { Fail2banUnbanReport } from './types.js';

/**
 * Maps the body of `POST /v1/fail2ban/unban` (actionunban: bantime over, or
 * `fail2ban-client set <jail> unbanip`) to the claim to lift: this jail on this host. Other
 * sources' claims on the same address are not touched (the pipeline's job). Pure.
 */
export function fail2banToUnban(fields: Record<string, unknown>): Fail2banUnbanReport {
  const f = readFail2banFields(fields);
  const detail: Fail2banUnbanReport['detail'] = { jail: f.jail };
  if (f.host !== undefined) detail.host = f.host;
  return { ip: f.ip, via: fail2banVia(f), expired: f.expired, detail };
}
