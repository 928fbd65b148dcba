import type { ErrorObject } from 'ajv';
import { didYouMean } from './did-you-mean.js';

/** One config problem: the key path (`routers[0].port`) and what was expected there. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** `/routers/0/port` → `routers[0].port` */
export function keyPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1);
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

/** Turns ajv errors into one problem per key, phrased with the schema's `expect` text. */
export function problemsFromAjv(errors: readonly ErrorObject[]): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  const push = (problem: ConfigProblem) => {
    const id = formatProblem(problem);
    if (seen.has(id)) return;
    seen.add(id);
    problems.push(problem);
  };
  for (const error of errors) {
    const expect = (error.parentSchema as { expect?: string } | undefined)?.expect;
    switch (error.keyword) {
      case 'additionalProperties': {
        const extra = String(error.params.additionalProperty);
        const known = Object.keys(
          (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
        );
        const suggestion = didYouMean(extra, known);
        push({
          path: keyPath(error.instancePath, extra),
          message:
            suggestion === undefined
              ? 'unknown key (check spelling; see banbridge.example.yaml)'
              : `unknown key; did you mean ${suggestion}?`,
        });
        break;
      }
      case 'required': {
        const missing = String(error.params.missingProperty);
        push({ path: keyPath(error.instancePath, missing), message: 'is required' });
        break;
      }
      default:
        push({
          path: keyPath(error.instancePath),
          message: expect === undefined ? (error.message ?? 'is invalid') : `must be ${expect}`,
        });
    }
  }
  return problems;
}
