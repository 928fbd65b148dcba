/**
 * Query parameters that carry a password: node-postgres takes every parameter of the URL as
 * a connection setting (pg-connection-string 2.x, parse(): searchParams copied into the
 * config), so `?password=` is the password and `?sslpassword=` the TLS key's passphrase.
 */
const SECRET_PARAMETER = /pass/i;

/** A connection URL with its password replaced by `***`, for logs, status and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    for (const name of [...u.searchParams.keys()]) {
      if (SECRET_PARAMETER.test(name)) u.searchParams.set(name, '***');
    }
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** The passwords a connection URL carries (in its user part or its query), decoded. */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const found = [...u.searchParams.entries()]
      .filter(([name]) => SECRET_PARAMETER.test(name))
      .map(([, value]) => value);
    if (u.password !== '') found.push(decodeURIComponent(u.password));
    return found;
  } catch {
    return [];
  }
}
