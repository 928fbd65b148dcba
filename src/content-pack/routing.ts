/**
 * How the pack's streams tell servers from routers: each input sets this static field, each
 * stream matches it EXACT. Not `source`: RouterOS's default syslog format has no host name, so
 * Graylog's syslog parser takes the topics word as `source` (docs/graylog.md, "Syslog inputs").
 * MATCH_INPUT is no alternative: content-pack install does not translate input ids.
 */
export const INPUT_FIELD = 'banbridge_input';
export const SERVERS = 'servers';
export const MIKROTIK = 'mikrotik';
