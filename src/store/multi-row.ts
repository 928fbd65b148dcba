/**
 * Bound parameters per statement: under SQLite's lowest limit, 999 before 3.32.0
 * (SQLITE_MAX_VARIABLE_NUMBER, https://sqlite.org/limits.html#max_variable_number), and far
 * under PostgreSQL's 65,535 (the Bind message counts parameters in 16 bits,
 * https://www.postgresql.org/docs/15/protocol-message-formats.html). It also bounds how many
 * statement texts one table's writes can have (one per row count), which the SQLite driver
 * keeps prepared.
 */
const MAX_PARAMS = 900;

/**
 * Writes rows with as few statements as the parameter limit allows: `write` gets each slice
 * of consecutive rows and its `VALUES` list, `(?, ?), (?, ?)`.
 */
export async function inSlices<R>(
  rows: readonly R[],
  columns: number,
  write: (slice: readonly R[], values: string) => Promise<unknown>,
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const one = `(${new Array<string>(columns).fill('?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    await write(slice, new Array<string>(slice.length).fill(one).join(', '));
  }
}

/** `?, ?, ?` for an `IN (…)` list of n values. */
export function inList(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

/** Keys or ids per `IN (…)` list, with room for a few other parameters under MAX_PARAMS. */
export const KEYS_PER_STATEMENT = 500;

/**
 * Runs `each` for consecutive chunks of `values` small enough for one `IN (…)` list, with
 * the chunk and its list of placeholders (`?, ?, ?`).
 */
export async function inChunks<V>(
  values: readonly V[],
  each: (chunk: readonly V[], list: string) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < values.length; i += KEYS_PER_STATEMENT) {
    const chunk = values.slice(i, i + KEYS_PER_STATEMENT);
    await each(chunk, inList(chunk.length));
  }
}
