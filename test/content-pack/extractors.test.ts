/**
 * The shipped pack's extractors, executed with Graylog's semantics on the `message` field as
 * Graylog's syslog input stores it.
 *
 * How (decision): every regex runs in two engines.
 * 1. Always in JavaScript (`new RegExp(regex, 'su')`, exec from index 0 = Matcher.find(), group 1),
 *    after checking that the pattern only uses syntax whose meaning is the same in
 *    java.util.regex with DOTALL and in JS with `su` (regex-subset.ts). This runs in every CI.
 * 2. In real Java when a `java` launcher is on PATH: RegexProbe.java reproduces
 *    RegexExtractor.run() (Pattern.compile(regex, DOTALL), find(), group 1) plus the STRING
 *    condition, started as `java RegexProbe.java` (single-file source launch, JDK 11+). That
 *    needs the jdk.compiler module, which Debian's openjdk-17-jre-headless package already has
 *    in its lib/modules image (`dpkg -S .../lib/modules` → openjdk-17-jre-headless), so CI needs
 *    only `apt-get install openjdk-17-jre-headless`, no javac. Without Java those tests are
 *    skipped with a visible reason; set BANBRIDGE_REQUIRE_JAVA=1 to make a missing Java fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { portabilityProblems } from './regex-subset.js';

interface Extractor {
  title: string;
  regex: string;
  target: string;
  contains: string | undefined;
  order: number;
}
interface LineCase {
  input: 'servers' | 'mikrotik';
  format: string;
  message: string;
  expect: Record<string, string>;
  source?: string;
}

type Json = Record<string, unknown>;
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const value = (ref: unknown): unknown => (ref as { '@value': unknown })['@value'];

/** The REGEX extractors of each input of a shipped pack, by the input's static field. */
function extractorsOf(packFile: string): Record<string, Extractor[]> {
  const pack = JSON.parse(readFileSync(here(packFile), 'utf8')) as { entities: Json[] };
  const byInput: Record<string, Extractor[]> = {};
  for (const entity of pack.entities) {
    if ((entity['type'] as Json)['name'] !== 'input') continue;
    const data = entity['data'] as Json;
    const origin = String(value((data['static_fields'] as Json)['banbridge_input']));
    byInput[origin] = (data['extractors'] as Json[]).map((e) => {
      expect(value(e['type'])).toBe('REGEX');
      expect(value(e['source_field'])).toBe('message');
      const condition = value(e['condition_type']);
      expect(['NONE', 'STRING']).toContain(condition);
      return {
        title: String(value(e['title'])),
        regex: String(value((e['configuration'] as Json)['regex_value'])),
        target: String(value(e['target_field'])),
        contains: condition === 'STRING' ? String(value(e['condition_value'])) : undefined,
        order: Number(value(e['order'])),
      };
    });
  }
  return byInput;
}

const packs = [
  '../../graylog-content-pack/banbridge.json',
  '../../graylog-content-pack/banbridge-v2-graylog6.json',
];
const extractors = extractorsOf(packs[0] as string);
const lines = (
  JSON.parse(readFileSync(here('../fixtures/graylog/extractor-lines.json'), 'utf8')) as {
    cases: LineCase[];
  }
).cases;

/** Graylog's RegexExtractor in JS: condition, find(), group 1 (undefined = no result). */
function runJs(extractor: Extractor, message: string): string | undefined {
  if (extractor.contains !== undefined && !message.includes(extractor.contains)) return undefined;
  const match = new RegExp(extractor.regex, 'su').exec(message);
  return match === null ? undefined : match[1];
}

/** Fields the input's extractors set on one message, in extractor order (later wins). */
function extract(
  run: (e: Extractor, m: string) => string | undefined,
  input: string,
  message: string,
) {
  const fields: Record<string, string> = {};
  const list = [...(extractors[input] ?? [])].sort((a, b) => a.order - b.order);
  for (const extractor of list) {
    const result = run(extractor, message);
    if (result !== undefined) fields[extractor.target] = result;
  }
  return fields;
}

describe('content pack extractors', () => {
  it('are the same in both shipped packs', () => {
    expect(extractorsOf(packs[1] as string)).toEqual(extractors);
  });

  it('cover both inputs', () => {
    expect(Object.keys(extractors).sort()).toEqual(['mikrotik', 'servers']);
  });

  for (const extractor of Object.values(extractors).flat()) {
    it(`"${extractor.title}" uses only Java/JS-identical regex syntax`, () => {
      expect(portabilityProblems(extractor.regex)).toEqual([]);
    });
  }

  it('the portability check catches what differs between Java and JS', () => {
    for (const bad of [
      '\\s+',
      'a\\S',
      '\\bword',
      'end$',
      'a*+',
      '[a[b]]',
      '[a&&b]',
      'x{',
      'a}',
      '(?<name>x)',
      '(?i)x',
      '\\Qx\\E',
    ]) {
      expect(portabilityProblems(bad), bad).not.toEqual([]);
    }
  });

  describe('in JavaScript (Graylog semantics: DOTALL, find, group 1)', () => {
    for (const line of lines) {
      it(`${line.input}/${line.format}: ${line.message}`, () => {
        expect(extract(runJs, line.input, line.message)).toEqual(line.expect);
      });
    }
  });

  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const haveJava = java.status === 0;
  if (!haveJava && process.env['BANBRIDGE_REQUIRE_JAVA'] === '1') {
    it('needs java (BANBRIDGE_REQUIRE_JAVA=1)', () => {
      throw new Error('java not found: apt-get install openjdk-17-jre-headless');
    });
  }

  describe.skipIf(!haveJava)('in real Java (java.util.regex, as RegexExtractor.run)', () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const all = Object.values(extractors).flat();
    const jobs = lines.flatMap((line) =>
      (extractors[line.input] ?? []).map((extractor) => ({ extractor, line })),
    );
    let results: (string | undefined)[] = [];
    const runJava = () => {
      if (results.length > 0) return results;
      const input = jobs
        .map(({ extractor, line }) =>
          [
            b64(extractor.regex),
            b64(line.message),
            ...(extractor.contains === undefined ? [] : [b64(extractor.contains)]),
          ].join('\t'),
        )
        .join('\n');
      const out = execFileSync('java', [here('RegexProbe.java')], {
        input: `${input}\n`,
        encoding: 'utf8',
      });
      results = out
        .trimEnd()
        .split('\n')
        .map((r) => (r === '-' ? undefined : Buffer.from(r.slice(1), 'base64').toString('utf8')));
      return results;
    };

    it(`agrees with JavaScript on every extractor × line (${all.length} extractors)`, () => {
      const javaResults = runJava();
      expect(javaResults).toHaveLength(jobs.length);
      jobs.forEach(({ extractor, line }, i) => {
        expect(javaResults[i], `${extractor.title} on ${line.message}`).toBe(
          runJs(extractor, line.message),
        );
      });
    }, 60_000);

    it('gives the expected fields on every line', () => {
      const javaResults = runJava();
      const perLine = new Map<LineCase, Record<string, string>>();
      jobs.forEach(({ extractor, line }, i) => {
        const fields = perLine.get(line) ?? {};
        const result = javaResults[i];
        if (result !== undefined) fields[extractor.target] = result;
        perLine.set(line, fields);
      });
      for (const line of lines) expect(perLine.get(line) ?? {}, line.message).toEqual(line.expect);
    }, 60_000);
  });
});
