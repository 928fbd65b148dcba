import { BanbridgeError } from '../../core/errors.js';
import type { RouterOsConnection } from './connection.js';
import { legacyLoginResponse } from './legacy-login.js';
import type { Trap } from './reply.js';

/**
 * `/login =name= =password=` (RouterOS >= 6.43). A pre-6.43 router answers it with a
 * challenge (`!done =ret=`), which is how dual-mode clients detect it (go-routeros
 * TestLoginPre643; pear2 issue #37): then we send the MD5 `=response=` (docs/routeros-notes.md §1.9).
 * A trap means the credentials were refused: `invalid user name or password (6)` or, on old
 * versions, `cannot log in`. That is not retryable, and the message never shows the password.
 */
export async function login(
  connection: RouterOsConnection,
  label: string,
  username: string,
  password: string,
  timeoutMs: number,
): Promise<void> {
  const first = await connection.execute(['/login', `=name=${username}`, `=password=${password}`], {
    timeoutMs,
  });
  if (first.traps.length > 0) throw refused(label, username, first.traps);
  const challenge = first.done.get('ret');
  if (challenge === undefined) return;
  const second = await connection.execute(
    ['/login', `=name=${username}`, `=response=${legacyLoginResponse(password, challenge)}`],
    { timeoutMs },
  );
  if (second.traps.length > 0) throw refused(label, username, second.traps);
}

function refused(label: string, username: string, traps: Trap[]): BanbridgeError {
  const reason = traps.map((trap) => trap.message).join('; ');
  return new BanbridgeError(
    'ROUTER_AUTH',
    `${label} refused the login of user "${username}": ${reason}; check the router's username and password, and that the user's group has the api policy`,
  );
}
