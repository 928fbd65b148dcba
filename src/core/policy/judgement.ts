import type { ErrorCode } from '../errors.js';

/** The verdict on one reported address text, before any ban decision. */
export type Judgement =
  | { ok: true; key: string; family: 4 | 6; canonical: string }
  | {
      ok: false;
      code: Extract<ErrorCode, 'IP_INVALID' | 'IP_RESERVED' | 'IP_ALLOWLISTED' | 'IP_TOO_WIDE'>;
      message: string;
    };

/** Parses, normalises and judges an address against the special-purpose table and allowlist. */
export type AddressJudge = (text: string) => Judgement;
