import { BanbridgeError, isBanbridgeError } from '../errors.js';
import { embeddedIpv4 } from './embedded-ipv4.js';
import { formatNetwork } from './format-address.js';
import { normaliseHostname } from './hostname.js';
import { overlaps, type Network } from './network.js';
import { parseAddress } from './parse-address.js';

/** One address or network the allowlist protects, and the config entry it came from. */
export interface AllowlistEntry {
  /** Key path of the config entry, e.g. `policy.allowlist[3]`. */
  readonly path: string;
  /** The entry as configured (an address, CIDR or host name). */
  readonly configured: string;
  /** Canonical text of the protected address or network. */
  readonly text: string;
  readonly network: Network;
}

export interface Allowlist {
  readonly entries: readonly AllowlistEntry[];
  /** Host names to resolve (lower case, no trailing dot), for the resolver's loop. */
  readonly hostnames: readonly string[];
  /** Host names that had no resolved addresses: they protect nothing yet. */
  readonly unresolved: readonly string[];
}

export interface CompileAllowlistOptions {
  /**
   * Addresses each host name currently resolves to (A and AAAA), keyed by the normalised name
   * from `hostnames`. The resolver re-resolves periodically and compiles a new allowlist.
   */
  readonly resolved?: ReadonlyMap<string, readonly string[]>;
  /** Key path of the list in the config, for error messages. */
  readonly keyPath?: string;
}

/**
 * Validates and compiles `policy.allowlist`: IP addresses, CIDR networks (strictly parsed, as
 * reports are) and host names. Pure: host names are resolved elsewhere and passed in.
 * Throws BanbridgeError `CONFIG_INVALID` naming the entry (`policy.allowlist[3]`).
 */
export function compileAllowlist(
  configured: readonly string[],
  options: CompileAllowlistOptions = {},
): Allowlist {
  const keyPath = options.keyPath ?? 'policy.allowlist';
  const entries: AllowlistEntry[] = [];
  const hostnames: string[] = [];
  const unresolved: string[] = [];
  configured.forEach((text, index) => {
    const path = `${keyPath}[${index}]`;
    const literal = tryParse(text);
    if (literal !== undefined) {
      entries.push({ path, configured: text, text: literal.text, network: literal });
      return;
    }
    const host = typeof text === 'string' ? normaliseHostname(text) : undefined;
    if (host === undefined) throw invalidEntry(path, text);
    hostnames.push(host);
    const addresses = options.resolved?.get(host) ?? [];
    if (addresses.length === 0) unresolved.push(host);
    for (const address of addresses) {
      const parsed = tryParse(address);
      if (parsed === undefined) {
        throw new BanbridgeError(
          'CONFIG_INVALID',
          `${path}: host name ${host} resolved to ${JSON.stringify(address)}, which is not an IP address`,
          { field: path },
        );
      }
      entries.push({ path, configured: text, text: parsed.text, network: parsed });
    }
  });
  return Object.freeze({
    entries: Object.freeze(entries),
    hostnames: Object.freeze(hostnames),
    unresolved: Object.freeze(unresolved),
  });
}

/** An allowlist entry a ban would cover, and the IPv4 through which it does when embedded. */
export interface AllowlistMatch {
  readonly entry: AllowlistEntry;
  /** Set when an IPv6 form (6to4, NAT64, Teredo) carries the allowlisted IPv4. */
  readonly embedded?: { readonly form: string; readonly ipv4: string };
}

/**
 * The first allowlist entry sharing an address with `network` (a CIDR ban may not cover one).
 * Like the reserved check (check-reserved.ts), an IPv6 network in a form that carries an IPv4
 * address (6to4 RFC 3056 §2, NAT64 RFC 6052 §2.2, Teredo server and client RFC 4380 §4) is
 * also judged by that IPv4: `64:ff9b::808:808` covers an allowlisted 8.8.8.8.
 */
export function matchAllowlist(allowlist: Allowlist, network: Network): AllowlistMatch | undefined {
  const direct = allowlist.entries.find((entry) => overlaps(entry.network, network));
  if (direct !== undefined) return { entry: direct };
  for (const { form, ipv4 } of embeddedIpv4(network)) {
    const entry = allowlist.entries.find((e) => overlaps(e.network, ipv4));
    if (entry !== undefined) {
      return { entry, embedded: { form: form.name, ipv4: formatNetwork(ipv4) } };
    }
  }
  return undefined;
}

/** The allowlist entry `network` would cover, directly or through an embedded IPv4. */
export function findAllowlisted(
  allowlist: Allowlist,
  network: Network,
): AllowlistEntry | undefined {
  return matchAllowlist(allowlist, network)?.entry;
}

export function isAllowlisted(allowlist: Allowlist, network: Network): boolean {
  return findAllowlisted(allowlist, network) !== undefined;
}

function tryParse(text: string): ReturnType<typeof parseAddress> | undefined {
  try {
    return parseAddress(text);
  } catch (error) {
    if (isBanbridgeError(error)) return undefined;
    throw error;
  }
}

function invalidEntry(path: string, text: unknown): BanbridgeError {
  // Text that looks like an address (a colon or slash, or only digits and dots) was meant as
  // one: say what is wrong with it rather than that it is no host name.
  const meantAsAddress =
    typeof text === 'string' &&
    !text.includes('://') &&
    (/[:/]/.test(text) || /^[0-9.\s]+$/.test(text));
  let message =
    `${JSON.stringify(text)} is not an IP address, CIDR network or host name; ` +
    'expected e.g. 198.51.100.7, 198.51.100.0/24, 2001:db8:42::/48 or home.example.org';
  if (meantAsAddress) {
    try {
      parseAddress(text);
    } catch (error) {
      if (isBanbridgeError(error)) message = error.message;
    }
  }
  return new BanbridgeError('CONFIG_INVALID', `${path}: ${message}`, { field: path });
}
