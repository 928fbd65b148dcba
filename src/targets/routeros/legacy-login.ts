import { createHash } from 'node:crypto';

/**
 * Pre-6.43 challenge login (docs/routeros-notes.md §1.9): `/login` answers `!done =ret=<hex challenge>`; the
 * client then sends `=response=00` + hex(md5(0x00 ‖ password ‖ unhex(challenge))).
 * Vectors: API manual example and go-routeros proto_test.go (see test/targets/routeros).
 */
export function legacyLoginResponse(password: string, challengeHex: string): string {
  const md5 = createHash('md5');
  md5.update(Buffer.from([0]));
  md5.update(Buffer.from(password, 'utf8'));
  md5.update(Buffer.from(challengeHex, 'hex'));
  return `00${md5.digest('hex')}`;
}
