/**
 * The regex extractors of the shipped content pack. Graylog's RegexExtractor compiles
 * `regex_value` with java.util.regex and Pattern.DOTALL, calls Matcher.find() (unanchored) and
 * stores capture group 1 (graylog2-server RegexExtractor.java). Every pattern here keeps to
 * syntax that means the same in Java and in JavaScript with the `su` flags (no \s, \S, \b, $;
 * checked by test/content-pack/regex-subset.ts), so the tests can run them in both.
 *
 * Injection: user names are attacker text. Each pattern ties the address to the END of the
 * line (`(?![^\n])` = end of input, written so it means the same in both engines), after a
 * greedy `.*`, so a user name that contains "from 1.2.3.4 port 5" cannot choose the address.
 */
export interface ExtractorSpec {
  title: string;
  targetField: 'src_ip' | 'user' | 'service' | 'auth_failure';
  regex: string;
  /** Graylog `condition_type: STRING` (substring test before the regex runs), for speed. */
  contains?: string;
}

/** `(?![^\n])`: end of input (Java's `$` would also match before a final line break). */
const END = '(?![^\\n])';
const ADDR = '[0-9A-Fa-f:.]+';
/** BSD syslog keeps "<host> sshd[pid]: " in `message`; RFC 5424 leaves only the text. */
const SSHD = '(?:^|sshd(?:-session)?\\[[0-9]+\\]: )';
/** OpenSSH's auth-info after "ssh2": the key type and fingerprint of publickey attempts. */
const KEY_INFO = '(?:: [A-Z0-9-]+ [^ ]+)?';

const FAILED = `Failed [a-z-]+(?:/[a-z]+)? for (?:invalid user )?`;
const FAILED_TAIL = ` port [0-9]+(?: ssh2)?${KEY_INFO}${END}`;
const INVALID_USER_TAIL = `(?: port [0-9]+)?${END}`;
const MAX_TRIES = '(?:error: )?maximum authentication attempts exceeded for (?:invalid user )?';
const PREAUTH = `(?: \\[preauth\\])?${END}`;
const CLOSED_INVALID =
  '(?:Connection closed by|Connection reset by|Disconnected from) invalid user ';

export const SSHD_EXTRACTORS: readonly ExtractorSpec[] = [
  {
    title: 'sshd failed authentication: src_ip',
    targetField: 'src_ip',
    contains: 'Failed ',
    regex: `${SSHD}${FAILED}.* from (${ADDR})${FAILED_TAIL}`,
  },
  {
    title: 'sshd failed authentication: user',
    targetField: 'user',
    contains: 'Failed ',
    regex: `${SSHD}${FAILED}(.*) from ${ADDR}${FAILED_TAIL}`,
  },
  {
    title: 'sshd invalid user: src_ip',
    targetField: 'src_ip',
    contains: 'Invalid user ',
    regex: `${SSHD}Invalid user .* from (${ADDR})${INVALID_USER_TAIL}`,
  },
  {
    title: 'sshd invalid user: user',
    targetField: 'user',
    contains: 'Invalid user ',
    regex: `${SSHD}Invalid user (.*) from ${ADDR}${INVALID_USER_TAIL}`,
  },
  {
    title: 'sshd maximum authentication attempts exceeded: src_ip',
    targetField: 'src_ip',
    contains: 'maximum authentication attempts exceeded',
    regex: `${SSHD}${MAX_TRIES}.* from (${ADDR}) port [0-9]+(?: ssh2)?${PREAUTH}`,
  },
  {
    title: 'sshd too many authentication failures: src_ip',
    targetField: 'src_ip',
    contains: 'Too many authentication failures',
    regex: `${SSHD}Disconnecting (?:authenticating|invalid) user .* (${ADDR}) port [0-9]+: Too many authentication failures${PREAUTH}`,
  },
  {
    title: 'sshd pre-auth disconnect of an invalid user: src_ip',
    targetField: 'src_ip',
    contains: 'invalid user ',
    regex: `${SSHD}${CLOSED_INVALID}.* (${ADDR}) port [0-9]+${PREAUTH}`,
  },
  {
    title: 'sshd failure kind',
    targetField: 'auth_failure',
    regex:
      `${SSHD}(?:error: )?(?:Disconnecting (?:authenticating|invalid) user .* port [0-9]+: )?` +
      '(Failed [a-z-]+(?:/[a-z]+)?|Invalid user|maximum authentication attempts exceeded|' +
      'Too many authentication failures|' +
      '(?:Connection closed by|Connection reset by|Disconnected from) invalid user)',
  },
  {
    title: 'sshd service',
    targetField: 'service',
    contains: 'sshd',
    regex:
      '(sshd)(?:-session)?\\[[0-9]+\\]: (?:error: )?(?:Failed |Invalid user |' +
      'maximum authentication attempts exceeded|' +
      'Disconnecting (?:authenticating|invalid) user .* port [0-9]+: Too many authentication failures|' +
      '(?:Connection closed by|Connection reset by|Disconnected from) invalid user )',
  },
];

const LOGIN_FAILURE = 'login failure for user ';
const VIA = ' via ([a-z][a-z-]*)';
/** The address right before " parsing packet failed…", not part of a longer token. */
const ADDR_TOKEN = `(?<![0-9A-Za-z:.])(${ADDR})`;

export const MIKROTIK_EXTRACTORS: readonly ExtractorSpec[] = [
  {
    title: 'RouterOS login failure: src_ip',
    targetField: 'src_ip',
    contains: LOGIN_FAILURE,
    regex: `${LOGIN_FAILURE}.* from (${ADDR}) via [a-z][a-z-]*${END}`,
  },
  {
    title: 'RouterOS login failure: user',
    targetField: 'user',
    contains: LOGIN_FAILURE,
    regex: `${LOGIN_FAILURE}(.*) from ${ADDR} via [a-z][a-z-]*${END}`,
  },
  {
    title: 'RouterOS login failure: service',
    targetField: 'service',
    contains: LOGIN_FAILURE,
    regex: `${LOGIN_FAILURE}.* from ${ADDR}${VIA}${END}`,
  },
  {
    title: 'RouterOS IPsec wrong password: src_ip',
    targetField: 'src_ip',
    contains: 'possible cause: wrong password',
    regex: `${ADDR_TOKEN} parsing packet failed, possible cause: wrong password`,
  },
  {
    title: 'RouterOS IPsec phase1 negotiation failed: src_ip',
    targetField: 'src_ip',
    contains: 'phase1 negotiation failed',
    regex: `phase1 negotiation failed due to time up ${ADDR}\\[[0-9]+\\]<=>(${ADDR})\\[[0-9]+\\]`,
  },
  {
    title: 'RouterOS failure kind',
    targetField: 'auth_failure',
    regex:
      "(login failure|possible cause: wrong password|phase1 negotiation failed|peer's ID does not match certificate)",
  },
];
