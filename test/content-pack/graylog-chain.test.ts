import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  INPUT_FIELD,
  MIKROTIK,
  SERVERS,
  SYSLOG_INPUT_TYPES,
} from '../../src/content-pack/index.js';

/*
 * The Graylog chain read from the shipped files only: what rsyslog sends (the client drop-ins'
 * omfwd action), where the pack's inputs listen, the field those inputs set and the streams
 * route on, and the stream each event definition searches. A user who follows both READMEs
 * must get sshd failures on the stream and events out of it.
 */
type Json = Record<string, any>;
const text = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const PACKS = ['banbridge.json', 'banbridge-v2-graylog6.json'];

/** The omfwd action of a drop-in: its parameters outside comments. */
function omfwd(file: string): Record<string, string> {
  const code = text(`rsyslog/${file}`)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const action = /action\(type="omfwd"([^)]*)\)/s.exec(code)?.[1];
  if (action === undefined) throw new Error(`${file}: no omfwd action`);
  return Object.fromEntries([...action.matchAll(/([\w.]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** A value reference's value, or a parameter's default. */
function valueOf(pack: Json, ref: Json): unknown {
  if (ref['@type'] !== 'parameter') return ref['@value'];
  return (pack['parameters'] as Json[]).find((p) => p['name'] === ref['@value'])?.['default_value'];
}

const entities = (pack: Json, type: string): Json[] =>
  (pack['entities'] as Json[]).filter((e) => e['type']['name'] === type);

function inputsOf(pack: Json) {
  return entities(pack, 'input').map((e) => ({
    type: e['data']['type']['@value'] as string,
    port: valueOf(pack, e['data']['configuration']['port']),
    origin: e['data']['static_fields'][INPUT_FIELD]['@value'] as string,
    targets: (e['data']['extractors'] as Json[]).map((x) => x['target_field']['@value']),
  }));
}

describe.each(PACKS)('graylog-content-pack/%s with the rsyslog client drop-ins', (file) => {
  const pack = JSON.parse(text(`graylog-content-pack/${file}`)) as Json;

  it.each([
    ['60-banbridge-graylog-udp.conf', 'udp'],
    ['60-banbridge-graylog-tcp.conf', 'tcp'],
  ] as const)(
    '%s sends to a %s input of the pack that marks messages as servers',
    (dropIn, protocol) => {
      const action = omfwd(dropIn);
      expect(action['protocol']).toBe(protocol);
      const input = inputsOf(pack).find(
        (i) => i.type === SYSLOG_INPUT_TYPES[protocol] && i.port === Number(action['port']),
      );
      expect(input, `no ${protocol} input on port ${action['port']}`).toBeDefined();
      expect(input?.origin).toBe(SERVERS);
      expect(input?.targets).toContain('src_ip');
    },
  );

  it('the sshd stream routes on the field the servers inputs set, and the SSH event searches it', () => {
    const stream = entities(pack, 'stream').find((s) =>
      (s['data']['stream_rules'] as Json[]).some(
        (r) =>
          r['type']['@value'] === 'EXACT' &&
          r['field']['@value'] === INPUT_FIELD &&
          r['value']['@value'] === SERVERS,
      ),
    );
    expect(stream).toBeDefined();
    const rules = (stream?.['data']['stream_rules'] as Json[]).map((r) => [
      r['type']['@value'],
      r['field']['@value'],
    ]);
    expect(rules).toContainEqual(['PRESENCE', 'src_ip']);
    expect(stream?.['data']['matching_type']['@value']).toBe('AND');
    const events = entities(pack, 'event_definition').filter((e) =>
      (e['data']['config']['streams'] as string[]).includes(stream?.['id']),
    );
    expect(events.map((e) => e['data']['title']['@value'])).toEqual([
      'banbridge: SSH authentication failures',
    ]);
    expect(events[0]?.['data']['config']['group_by']).toEqual(['src_ip']);
  });

  it('the MikroTik input listens on the port the README tells RouterOS to use, on UDP', () => {
    const mikrotik = inputsOf(pack).filter((i) => i.origin === MIKROTIK);
    expect(mikrotik.map((i) => i.type)).toEqual([SYSLOG_INPUT_TYPES.udp]);
    const readme = text('graylog-content-pack/README.md');
    expect(readme).toContain(`remote-port=${String(mikrotik[0]?.port)}`);
  });
});

describe('the rsyslog client drop-ins', () => {
  it('forward sshd (auth, authpriv) in RFC 5424, which the servers inputs parse', () => {
    for (const file of ['60-banbridge-graylog-udp.conf', '60-banbridge-graylog-tcp.conf']) {
      const code = text(`rsyslog/${file}`);
      expect(code).toContain('prifilt("*.notice;auth,authpriv.*")');
      expect(omfwd(file)['template']).toBe('RSYSLOG_SyslogProtocol23Format');
    }
    // Octet-counted framing: Graylog's Syslog TCP input tells it from newline framing itself.
    expect(omfwd('60-banbridge-graylog-tcp.conf')['TCP_Framing']).toBe('octet-counted');
  });
});
