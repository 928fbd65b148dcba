/**
 * IP policy: pure functions, no I/O. Parse strictly, derive the ban key, refuse special-purpose
 * and allowlisted addresses. The policy layer calls `judgeAddress` once per reported IP.
 */
export { compileAllowlist, findAllowlisted, isAllowlisted, matchAllowlist } from './allowlist.js';
export type {
  Allowlist,
  AllowlistEntry,
  AllowlistMatch,
  CompileAllowlistOptions,
} from './allowlist.js';
export { banKey } from './ban-key.js';
export type { BanKey } from './ban-key.js';
export { checkReserved } from './check-reserved.js';
export type { ReservedVerdict } from './check-reserved.js';
export { EMBEDDED_IPV4_FORMS, embeddedIpv4 } from './embedded-ipv4.js';
export type { EmbeddedIpv4, EmbeddedIpv4Form } from './embedded-ipv4.js';
export { isDottedQuad } from './address-syntax.js';
export { formatAddress, formatNetwork } from './format-address.js';
export { judgeAddress } from './judge-address.js';
export type { Judgement, JudgeOptions } from './judge-address.js';
export { contains, overlaps } from './network.js';
export type { Family, Network } from './network.js';
export { parseAddress, readNetwork } from './parse-address.js';
export type { ParsedAddress } from './parse-address.js';
export type { RangeInfo } from './reserved-table.js';
export { IPV4_SPECIAL_PURPOSE, IPV6_SPECIAL_PURPOSE, NOT_IN_REGISTRY } from './special-purpose.js';
export type { SpecialPurposeEntry } from './special-purpose.js';
