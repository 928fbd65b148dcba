import { parseDuration } from '../../core/duration.js';
import { BanbridgeError } from '../../core/errors.js';
import type { Fail2banFields } from './types.js';

/** Every field the shipped action sends; anything else is a mistake worth naming. */
const KNOWN_FIELDS = [
  'ip',
  'jail',
  'host',
  'bantime',
  'failures',
  'restored',
  'expired',
] as const;

/** fail2ban jail names as used in jail.conf sections: no spaces, no '@' (it separates host). */
const JAIL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,99}$/;
/** Host names, short or fully qualified, or an address literal. */
const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,252}$/;
const MAX_IP_LENGTH = 100;

const invalid = (field: string, message: string): BanbridgeError =>
  new BanbridgeError('FAIL2BAN_BODY_INVALID', `${field}: ${message}`, { field });

/**
 * Validates the fields of a fail2ban ban or unban report, as the HTTP layer parsed them
 * from a form (`ip=…&jail=…`, every value a string) or a JSON object (numbers and
 * booleans allowed). Throws FAIL2BAN_BODY_INVALID naming the first offending field.
 */
export function readFail2banFields(fields: unknown): Fail2banFields {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw invalid(
      'body',
      'expected form fields or a JSON object with ip and jail (as the shipped fail2ban action sends)',
    );
  }
  const record = fields as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KNOWN_FIELDS as readonly string[]).includes(key)) {
      throw invalid(key, `unknown field; a fail2ban report has only ${KNOWN_FIELDS.join(', ')}`);
    }
  }
  const value = (field: string): string | number | boolean | undefined => {
    const raw = record[field];
    if (raw === undefined || raw === null) return undefined;
    if (Array.isArray(raw)) throw invalid(field, 'given more than once; send it once');
    if (typeof raw === 'string') {
      const trimmed = raw.trim();
      return trimmed === '' ? undefined : trimmed;
    }
    if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
    throw invalid(field, `expected a string or number, got ${typeof raw}`);
  };

  const ip = value('ip');
  if (ip === undefined) throw invalid('ip', 'required: the address fail2ban banned (<ip>)');
  if (typeof ip !== 'string') throw invalid('ip', 'expected the address as text');
  if (ip.length > MAX_IP_LENGTH || /\s/.test(ip))
    throw invalid('ip', `"${ip.slice(0, 40)}" is not an address`);

  const jail = value('jail');
  if (jail === undefined) throw invalid('jail', 'required: the fail2ban jail name (<name>)');
  if (typeof jail !== 'string' || !JAIL_NAME.test(jail)) {
    throw invalid(
      'jail',
      `"${String(jail).slice(0, 40)}" is not a jail name; use letters, digits and . _ : + -`,
    );
  }

  const host = value('host');
  if (host !== undefined && (typeof host !== 'string' || !HOST_NAME.test(host))) {
    throw invalid(
      'host',
      `"${String(host).slice(0, 40)}" is not a host name; use letters, digits and . _ -`,
    );
  }

  const { seconds, permanent } = readBantime(value('bantime'));
  return {
    ip,
    jail,
    host,
    bantimeSeconds: seconds,
    permanent,
    failures: readFailures(value('failures')),
    restored: readFlag(value('restored'), 'restored', "fail2ban's <restored>"),
    expired: readFlag(value('expired'), 'expired', 'the action (1: the ban time is over)'),
  };
}

/** fail2ban's `<bantime>`: whole seconds, negative meaning permanent; `1h` style also taken. */
function readBantime(raw: string | number | boolean | undefined): {
  seconds: number | undefined;
  permanent: boolean;
} {
  if (raw === undefined) return { seconds: undefined, permanent: false };
  if (typeof raw === 'boolean')
    throw invalid('bantime', 'expected seconds (e.g. 3600) or -1 for permanent');
  const text = String(raw);
  if (/^-\d+$/.test(text)) return { seconds: undefined, permanent: true };
  let ms: number;
  try {
    ms = parseDuration(text, 'bantime');
  } catch {
    throw invalid(
      'bantime',
      `"${text.slice(0, 40)}" is not a ban time; send whole seconds (fail2ban's <bantime>) or -1 for permanent`,
    );
  }
  if (ms <= 0 || ms % 1000 !== 0)
    throw invalid(
      'bantime',
      `"${text}" must be a positive number of whole seconds, or -1 for permanent`,
    );
  return { seconds: ms / 1000, permanent: false };
}

function readFailures(raw: string | number | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw invalid(
      'failures',
      `"${String(raw).slice(0, 40)}" is not a count; send fail2ban's <failures> (0 or more)`,
    );
  }
  return n;
}

/** A 0/1 flag (absent: 0). */
function readFlag(
  raw: string | number | boolean | undefined,
  field: string,
  from: string,
): boolean {
  if (raw === undefined) return false;
  if (raw === true || raw === 1 || raw === '1' || raw === 'true') return true;
  if (raw === false || raw === 0 || raw === '0' || raw === 'false') return false;
  throw invalid(field, `"${String(raw).slice(0, 40)}" is not a flag; send ${from} (0 or 1)`);
}

/** `jail@host`, the sub-source banbridge records with the credential name. */
export function fail2banVia(fields: Pick<Fail2banFields, 'jail' | 'host'>): string {
  return fields.host === undefined ? fields.jail : `${fields.jail}@${fields.host}`;
}
