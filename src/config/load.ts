import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument, type YAMLError } from 'yaml';
import { maskSecrets } from '../core/mask-secrets.js';
import { configSchema } from './schema.js';
import { problemsFromAjv, type ConfigProblem } from './problems.js';
import { resolveSecret } from './resolve-secrets.js';
import { checkSemantics } from './check-semantics.js';
import { guessableTokens } from './guessable-tokens.js';
import type { Config } from './types.js';

export type LoadResult =
  | {
      ok: true;
      config: Config;
      /** Not fatal but worth fixing (e.g. a secret file others can read); key path named. */
      warnings: ConfigProblem[];
    }
  | { ok: false; problems: ConfigProblem[] };

const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true });
ajv.addKeyword({ keyword: 'expect', schemaType: 'string' });
const validate = ajv.compile(configSchema);

/** Where the config comes from: --config, else BANBRIDGE_CONFIG, else ./banbridge.yaml. */
export function configPath(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string {
  return resolve(cwd, flag ?? env.BANBRIDGE_CONFIG ?? 'banbridge.yaml');
}

/** Reads, validates, defaults, resolves secrets and freezes. Collects every problem. */
export function loadConfigFile(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `cannot read config file ${file} (${code}); pass --config FILE or set BANBRIDGE_CONFIG`,
        },
      ],
    };
  }
  return loadConfigText(text, env, dirname(file));
}

export function loadConfigText(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  baseDir: string,
): LoadResult {
  const doc = parseDocument(text, { uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) return { ok: false, problems: [yamlSyntaxProblem(syntax, text)] };
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [{ path: '', message: 'the config must be a YAML mapping of keys' }],
    };
  }
  const schemaProblems = validate(raw) ? [] : problemsFromAjv(validate.errors ?? []);
  const config = raw as unknown as Config;
  let problems: ConfigProblem[];
  const warnings: ConfigProblem[] = [];
  try {
    problems = resolveAndCheck(config, env, baseDir, warnings);
  } catch (error) {
    // Only a config that failed the schema can trip the checks; report the schema problems.
    if (schemaProblems.length === 0) throw error;
    problems = [];
  }
  if (schemaProblems.length > 0) {
    // Best effort: also name semantic problems (duplicates, missing secrets) elsewhere.
    const covered = (p: ConfigProblem) =>
      schemaProblems.some(
        (s) =>
          p.path === s.path || p.path.startsWith(`${s.path}.`) || p.path.startsWith(`${s.path}[`),
      );
    return { ok: false, problems: [...schemaProblems, ...problems.filter((p) => !covered(p))] };
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: deepFreeze(config), warnings };
}

/** Resolves secrets and relative paths in place, then the rules the schema cannot say. */
function resolveAndCheck(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  baseDir: string,
  warnings: ConfigProblem[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  config.users.forEach((user, i) => {
    const bag = user as unknown as Record<string, unknown>;
    resolveSecret(bag, 'password', `users[${i}]`, env, { problems, warnings }, baseDir);
    resolveSecret(bag, 'token', `users[${i}]`, env, { problems, warnings }, baseDir);
  });
  config.routers.forEach((router, i) => {
    resolveSecret(
      router as unknown as Record<string, unknown>,
      'password',
      `routers[${i}]`,
      env,
      { problems, warnings },
      baseDir,
    );
    router.port ??= router.tls ? 8729 : 8728;
    if (router.ca_file !== undefined) router.ca_file = resolve(baseDir, router.ca_file);
  });
  if (config.listen.tls !== undefined) {
    config.listen.tls.cert_file = resolve(baseDir, config.listen.tls.cert_file);
    config.listen.tls.key_file = resolve(baseDir, config.listen.tls.key_file);
  }
  resolveStore(config, env, { problems, warnings }, baseDir);
  const secretProblems = new Set(problems.map((p) => p.path.replace(/\.[a-z_]+$/, '')));
  // A secret that failed to resolve is already reported; don't also call it missing.
  const missingSecret = (p: ConfigProblem) =>
    /^(needs a password|is required \(password)/.test(p.message);
  problems.push(
    ...checkSemantics(config).filter(
      (p) => !(missingSecret(p) && secretProblems.has(p.path.replace(/\.[a-z_]+$/, ''))),
    ),
  );
  warnings.push(...guessableTokens(config));
  return problems;
}

/** store.url (or url_env / url_file) or store.path, exactly one; the path is made absolute. */
function resolveStore(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  found: { problems: ConfigProblem[]; warnings: ConfigProblem[] },
  baseDir: string,
): void {
  const store = config.store;
  const problems = found.problems;
  resolveSecret(store as unknown as Record<string, unknown>, 'url', 'store', env, found, baseDir);
  if (store.url !== undefined && store.path !== undefined) {
    problems.push({
      path: 'store',
      message: 'give either store.path (SQLite) or store.url (PostgreSQL), not both',
    });
    return;
  }
  if (store.url !== undefined) {
    if (!/^postgres(ql)?:\/\/[^\s]+$/.test(store.url)) {
      problems.push({
        path: 'store.url',
        message: 'must be a URL such as postgres://banbridge@db.example:5432/banbridge',
      });
    }
    return;
  }
  store.path ??= './data/banbridge.db';
  if (!isAbsolute(store.path) && store.path !== ':memory:') {
    store.path = resolve(baseDir, store.path);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The line as it may be printed: everything after a secret key (`password: …`, `"token": …`,
 * `url: …`), to the end of the line, as `***` (a broken line cannot be trusted to end its
 * value at a comma or a brace), and any token-like run elsewhere in it too.
 */
function withoutSecretValue(line: string): string {
  return maskSecrets(
    line.replace(/(["']?(?:password|token|secret|url)(?:_[a-z]+)?["']?\s*:\s*).*/gi, '$1***'),
  );
}

/**
 * The first YAML syntax error only (later ones are usually its echo), with its line and
 * column and the offending line under a caret, as the `yaml` package locates it.
 */
function yamlSyntaxProblem(error: YAMLError, text: string): ConfigProblem {
  const at = error.linePos?.[0];
  const first = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
  if (at === undefined) return { path: '', message: `YAML syntax error: ${first}` };
  const line = withoutSecretValue((text.split(/\r?\n/)[at.line - 1] ?? '').slice(0, 200));
  return {
    path: '',
    message:
      `YAML syntax error at line ${at.line}, column ${at.col}: ${first}\n` +
      `    ${at.line} | ${line}\n` +
      `    ${' '.repeat(String(at.line).length)} | ${' '.repeat(Math.max(0, at.col - 1))}^`,
  };
}
