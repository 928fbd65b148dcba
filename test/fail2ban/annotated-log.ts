/**
 * fail2ban's annotated sample-log format (fail2ban/tests/files/logs/*): "# failJSON: {...}"
 * before each line, "# filterOptions: [...]" for the filter options of the lines after it.
 */
import { readFileSync } from 'node:fs';

export interface Annotated {
  lineNo: number;
  text: string;
  match: boolean;
  host: string | undefined;
  options: Record<string, string>[];
}

/** Reads a sample log in fail2ban's annotated format. */
export function readAnnotatedLog(path: string): Annotated[] {
  const out: Annotated[] = [];
  let options: Record<string, string>[] = [{}];
  let pending: { match: boolean; host?: string } | undefined;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const opt = /^# filterOptions: (.*)$/.exec(line);
      if (opt?.[1] !== undefined) {
        options = JSON.parse(opt[1]) as Record<string, string>[];
        return;
      }
      const ann = /^# failJSON: (.*)$/.exec(line);
      if (ann?.[1] !== undefined) {
        pending = JSON.parse(ann[1]) as { match: boolean; host?: string };
        return;
      }
      if (line.startsWith('#') || line.trim() === '') return;
      if (pending === undefined)
        throw new Error(`${path}:${i + 1}: line without a failJSON annotation`);
      out.push({ lineNo: i + 1, text: line, match: pending.match, host: pending.host, options });
      pending = undefined;
    });
  return out;
}
