/**
 * The bodies Graylog really sends (test/fixtures/graylog/rendered and v1, produced by Graylog's
 * own classes and the real JMTE engine, see the README there), each with what banbridge must
 * make of it. One case list for the pure adapter test and the end-to-end HTTP test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../fixtures/graylog/', import.meta.url));

export const SSH_TITLE = 'banbridge: SSH authentication failures';
export const FILTER_TITLE = 'banbridge: sshd invalid user';
export const ATTACKER_V4 = '45.155.205.233';
export const ATTACKER_V6 = '2a01:4f8:c17:1::5';
/** event.source of every case: the Graylog node (or the test's dummy id), never an attacker. */
export const GRAYLOG_NODES = ['graylog-1.example.org', '000000000000000000000001'];

export type Outcome =
  | { kind: 'test' }
  | { kind: 'event'; ips: string[]; via: string; from: string }
  | { kind: 'invalid' };

export interface RenderedCase {
  /** `rendered/7.1.0/2-aggregation-empty-backlog.txt` */
  name: string;
  body: string;
  tag: string;
  template: 'v1' | 'default' | 'banbridge';
  want: Outcome;
}

/**
 * 6.0.0–6.0.5 do not JSON-escape nested values: case 3's user name `ad"min\x` and its
 * multi-line message make both templates' bodies invalid JSON there (rendered/README.md).
 */
const UNESCAPED_TAGS = ['6.0.0', '6.0.5'];

function outcome(tag: string, template: RenderedCase['template'], file: string): Outcome {
  const n = Number(file.match(/(?:^|-)(\d)-/)?.[1]);
  if (n === 1) return { kind: 'test' };
  if (n === 3 && template !== 'v1' && UNESCAPED_TAGS.includes(tag)) return { kind: 'invalid' };
  const from = template === 'default' ? 'event.key' : 'event.fields';
  return n === 4
    ? { kind: 'event', ips: [ATTACKER_V6], via: FILTER_TITLE, from }
    : { kind: 'event', ips: [ATTACKER_V4], via: SSH_TITLE, from };
}

export function renderedCases(): RenderedCase[] {
  const cases: RenderedCase[] = [];
  for (const [folder, ext] of [
    ['rendered', '.txt'],
    ['v1', '.json'],
  ] as const) {
    for (const tag of readdirSync(root + folder).filter((t) => /^(\d|HEAD)/.test(t))) {
      for (const file of readdirSync(`${root}${folder}/${tag}`).filter((f) => f.endsWith(ext))) {
        const template =
          folder === 'v1' ? 'v1' : file.startsWith('banbridge-template-') ? 'banbridge' : 'default';
        cases.push({
          name: `${folder}/${tag}/${file}`,
          body: readFileSync(`${root}${folder}/${tag}/${file}`, 'utf8'),
          tag,
          template,
          want: outcome(tag, template, file),
        });
      }
    }
  }
  return cases;
}
