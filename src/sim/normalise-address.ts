import ipaddr from 'ipaddr.js';

export type Normalised = { ok: true; address: string } | { ok: false; message: string };

const DNS_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * What RouterOS stores for an address-list `address` (AL-manual, AL-cli4, AL-cli6; docs/routeros-notes.md §2.3):
 * - prefix with host bits → its network (`203.0.113.77/24` → `203.0.113.0/24`);
 * - IPv4 `/32` → bare address; IPv6 without prefix → `/128`; IPv6 printed lower-case compressed;
 * - IPv4 range that is exactly one prefix → that prefix; other ranges stay ranges;
 * - IPv6 ranges are refused (`failure: … is not a valid dns name`);
 * - anything else is kept as a DNS name, without error (`203.0.113.1-254` becomes a name).
 *   We refuse text with characters no DNS name has (our choice; not observed on a router).
 */
export function normaliseAddress(family: 4 | 6, input: string): Normalised {
  const text = input.trim();
  const result = family === 4 ? normaliseV4(text) : normaliseV6(text);
  if (result !== undefined) return result;
  if (DNS_NAME.test(text)) return { ok: true, address: text };
  return { ok: false, message: `failure: ${text} is not a valid dns name` };
}

function normaliseV4(text: string): Normalised | undefined {
  const range = text.split('-');
  if (range.length === 2 && range.every((part) => ipaddr.IPv4.isValidFourPartDecimal(part))) {
    const start = v4ToInt(range[0] as string);
    const end = v4ToInt(range[1] as string);
    if (start > end) return undefined;
    const size = end - start + 1;
    const bits = Math.log2(size);
    if (Number.isInteger(bits) && start % size === 0)
      return { ok: true, address: v4Prefix(start, 32 - bits) };
    return { ok: true, address: `${intToV4(start)}-${intToV4(end)}` };
  }
  const [host, prefix, extra] = text.split('/');
  if (extra !== undefined || !ipaddr.IPv4.isValidFourPartDecimal(host ?? '')) return undefined;
  const length = prefix === undefined ? 32 : Number(prefix);
  if (!/^\d{1,2}$/.test(prefix ?? '32') || length > 32) return undefined;
  const mask = length === 0 ? 0 : (0xffff_ffff << (32 - length)) >>> 0;
  return { ok: true, address: v4Prefix((v4ToInt(host as string) & mask) >>> 0, length) };
}

function normaliseV6(text: string): Normalised | undefined {
  if (text.includes('-') && text.includes(':')) {
    return { ok: false, message: `failure: ${text} is not a valid dns name` };
  }
  const [host, prefix, extra] = text.split('/');
  if (extra !== undefined || !ipaddr.IPv6.isValid(host ?? '') || (host ?? '').includes('%')) {
    return undefined;
  }
  const length = prefix === undefined ? 128 : Number(prefix);
  if (!/^\d{1,3}$/.test(prefix ?? '128') || length > 128) return undefined;
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${host}/${length}`);
  return { ok: true, address: `${network.toRFC5952String()}/${length}` };
}

function v4ToInt(text: string): number {
  return ipaddr.IPv4.parse(text).octets.reduce((acc, octet) => acc * 256 + octet, 0);
}

function intToV4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}

function v4Prefix(network: number, length: number): string {
  return length === 32 ? intToV4(network) : `${intToV4(network)}/${length}`;
}
