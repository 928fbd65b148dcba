import type { GraylogSourceConfig } from '../../config/types.js';
import { addressesInText, addressShaped } from './address-shape.js';
import type { GraylogNotification } from './types.js';

/** Where the addresses of a notification were found (kept in the audit detail). */
export type AddressOrigin =
  | 'event.fields'
  | 'event.group_by_fields'
  | 'event.key'
  | 'backlog.fields'
  | 'message-text'
  | 'none';

export interface FoundAddresses {
  origin: AddressOrigin;
  /** Distinct, trimmed, in order of appearance. */
  addresses: string[];
}

/*
 * Values of fields named in `ip_fields` are passed on verbatim (trimmed): policy validates
 * them. Values whose meaning is unknown — key tuple entries (key_spec fields may include a
 * user name) and free text — are only *selected* by their address shape (address-shape.ts).
 */

function distinct(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed !== '') seen.add(trimmed);
  }
  return [...seen];
}

function fromNamedFields(
  ipFields: readonly string[],
  maps: readonly Readonly<Record<string, unknown>>[],
): string[] {
  const values: string[] = [];
  for (const map of maps) {
    for (const name of ipFields) {
      const value = map[name];
      if (typeof value === 'string') values.push(value);
    }
  }
  return distinct(values);
}

/**
 * The attacker lookup, first step that finds anything wins: configured `ip_fields` in
 * event.fields, then event.group_by_fields, then address-shaped event.key_tuple / event.key
 * entries, then the backlog messages' fields; the free text of the event and backlog messages
 * only when `scan_message_text` is set. `event.source` is the Graylog node and never looked at.
 */
export function findAddresses(
  notification: GraylogNotification,
  config: Pick<GraylogSourceConfig, 'ip_fields' | 'scan_message_text'>,
): FoundAddresses {
  const steps: [AddressOrigin, () => string[]][] = [
    ['event.fields', () => fromNamedFields(config.ip_fields, [notification.fields])],
    [
      'event.group_by_fields',
      () => fromNamedFields(config.ip_fields, [notification.groupByFields]),
    ],
    [
      'event.key',
      () => {
        const keyParts =
          notification.keyTuple.length > 0
            ? notification.keyTuple
            : (notification.key?.split('|') ?? []);
        return distinct(keyParts.flatMap((part) => addressShaped(part.trim()) ?? []));
      },
    ],
    [
      'backlog.fields',
      () =>
        fromNamedFields(
          config.ip_fields,
          notification.backlog.map((entry) => entry.fields),
        ),
    ],
  ];
  if (config.scan_message_text) {
    steps.push([
      'message-text',
      () =>
        distinct([
          ...addressesInText(notification.message ?? ''),
          ...notification.backlog.flatMap((entry) => addressesInText(entry.message)),
        ]),
    ]);
  }
  for (const [origin, find] of steps) {
    const addresses = find();
    if (addresses.length > 0) return { origin, addresses };
  }
  return { origin: 'none', addresses: [] };
}
