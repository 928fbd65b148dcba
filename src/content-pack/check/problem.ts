/** One finding of the content-pack checker, naming the entity and the field. */
export interface PackProblem {
  /** error: Graylog refuses the upload or fails the install on a version the pack admits.
   *  warning: fails only on one known release, or a documented pitfall. */
  severity: 'error' | 'warning';
  /** Stable rule name (tests and docs refer to it). */
  rule: string;
  /** The entity, when the problem is inside one. */
  entity?: { id: string; type: string; title?: string };
  /** JSON path inside the pack (envelope) or inside the entity (`data.config.streams[0]`). */
  field: string;
  message: string;
}

/** "stream 6262… (banbridge: sshd) data.title: …" — one line per problem for the CLI. */
export function formatProblem(problem: PackProblem): string {
  const where =
    problem.entity === undefined
      ? 'pack'
      : `${problem.entity.type} ${problem.entity.id}${problem.entity.title === undefined ? '' : ` "${problem.entity.title}"`}`;
  return `${problem.severity}: ${where} ${problem.field}: ${problem.message} [${problem.rule}]`;
}
