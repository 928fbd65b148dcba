/**
 * PostgreSQL refuses U+0000 in text ("invalid byte sequence for encoding UTF8: 0x00",
 * SQLSTATE 22021: a text value is a C string there,
 * https://www.postgresql.org/docs/15/datatype-character.html). Reporter-controlled text
 * (a reason, Graylog evidence, a fail2ban jail name) reaches the store as it came, so one
 * NUL in a log line would make every report of that address fail with a retryable 503 on
 * PostgreSQL: an attacker's way not to be banned. Both drivers store U+FFFD in its place,
 * so the same report is accepted and stored alike on either, and `store copy` moves text
 * an older SQLite store kept with NULs.
 */
const NUL = '\u0000';
const REPLACEMENT = '\uFFFD';

/** The parameters with every U+0000 in a string replaced by U+FFFD (the same array if none). */
export function storableParams(params: readonly unknown[]): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (typeof value === 'string' && value.includes(NUL)) {
      copy ??= [...params];
      copy[i] = value.replaceAll(NUL, REPLACEMENT);
    }
  }
  return copy ?? params;
}
