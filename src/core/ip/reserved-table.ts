import { EMBEDDED_IPV4_FORMS } from './embedded-ipv4.js';
import { readNetwork } from './parse-address.js';
import { lastAddress, type Family, type Network } from './network.js';
import {
  IPV4_SPECIAL_PURPOSE,
  IPV6_SPECIAL_PURPOSE,
  NOT_IN_REGISTRY,
  type SpecialPurposeEntry,
} from './special-purpose.js';

/** A range as reported to operators. */
export interface RangeInfo {
  readonly cidr: string;
  readonly name: string;
  readonly rfc: string;
}

/**
 * What a range means for banning:
 * - 'global': bannable ("Globally Reachable" True, or IPv6 Global Unicast 2000::/3);
 * - 'reserved': never banned ("False", a terminated row with emptied cells, or 'N/A' without
 *   an embedding rule);
 * - 'embedded-ipv4': judged by the IPv4 it carries (6to4, NAT64, Teredo; embedded-ipv4.ts).
 */
export type RangeVerdict = 'global' | 'reserved' | 'embedded-ipv4';

export interface TableEntry extends RangeInfo {
  readonly network: Network;
  readonly verdict: RangeVerdict;
}

/** A run of addresses whose most specific table entry is `entry`. */
export interface Segment {
  readonly start: bigint;
  readonly end: bigint;
  readonly entry: TableEntry;
}

export type RangeTable = Readonly<Record<Family, readonly Segment[]>>;

export function verdictOf(entry: SpecialPurposeEntry): RangeVerdict {
  if (EMBEDDED_IPV4_FORMS.some((form) => form.cidr === entry.cidr)) return 'embedded-ipv4';
  return entry.globallyReachable === 'True' ? 'global' : 'reserved';
}

/**
 * Flattens nested ranges into sorted, disjoint segments, each owned by the most specific entry
 * covering it (192.0.0.9/32 "True" inside 192.0.0.0/24 "False"). Built once at module load;
 * lookups are then a binary search.
 */
export function compileRangeTable(entries: readonly SpecialPurposeEntry[]): RangeTable {
  const compiled: TableEntry[] = entries.map((entry) => ({
    cidr: entry.cidr,
    name: entry.name,
    rfc: entry.rfc,
    network: readNetwork(entry.cidr),
    verdict: verdictOf(entry),
  }));
  return {
    4: flatten(compiled.filter((e) => e.network.family === 4)),
    6: flatten(compiled.filter((e) => e.network.family === 6)),
  };
}

function flatten(entries: readonly TableEntry[]): Segment[] {
  const cuts = new Set<bigint>();
  for (const { network } of entries) {
    cuts.add(network.value);
    cuts.add(lastAddress(network) + 1n);
  }
  const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as bigint;
    const end = (points[i + 1] as bigint) - 1n;
    const owner = mostSpecific(entries, start);
    if (owner === undefined) continue;
    const previous = segments.at(-1);
    if (previous !== undefined && previous.entry === owner && previous.end + 1n === start) {
      segments[segments.length - 1] = { start: previous.start, end, entry: owner };
    } else {
      segments.push({ start, end, entry: owner });
    }
  }
  return segments;
}

function mostSpecific(entries: readonly TableEntry[], address: bigint): TableEntry | undefined {
  let best: TableEntry | undefined;
  for (const entry of entries) {
    const { network } = entry;
    if (address < network.value || address > lastAddress(network)) continue;
    if (best === undefined || network.prefix > best.network.prefix) best = entry;
  }
  return best;
}

/** The segments sharing at least one address with `network`, in address order. */
export function segmentsOverlapping(table: RangeTable, network: Network): Segment[] {
  const segments = table[network.family];
  const first = network.value;
  const last = lastAddress(network);
  // Binary search for the first segment that ends at or after `first`.
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((segments[mid] as Segment).end < first) low = mid + 1;
    else high = mid;
  }
  const found: Segment[] = [];
  for (let i = low; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if (segment.start > last) break;
    found.push(segment);
  }
  return found;
}

/** The registries plus banbridge's own never-bannable ranges, compiled once. */
export const RESERVED_TABLE: RangeTable = compileRangeTable([
  ...IPV4_SPECIAL_PURPOSE,
  ...IPV6_SPECIAL_PURPOSE,
  ...NOT_IN_REGISTRY,
]);
