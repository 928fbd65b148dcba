import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraylogSourceConfig } from '../../../src/config/types.js';
import { BanbridgeError } from '../../../src/core/errors.js';
import {
  graylogToBanRequests,
  RECOMMENDED_V2_BODY_TEMPLATE,
} from '../../../src/sources/graylog/index.js';
import { FILTER_TITLE, GRAYLOG_NODES, renderedCases, SSH_TITLE } from './rendered-cases.js';

const defaults: GraylogSourceConfig = {
  ip_fields: ['src_ip', 'source_ip', 'client_ip', 'remote_ip', 'src_addr', 'ip'],
  scan_message_text: false,
  max_addresses: 50,
  overrides: [],
};
const cases = renderedCases();

describe('bodies rendered by Graylog itself (every version, template and case)', () => {
  it('covers 7 tags × 2 templates × 4 cases of v2 and 5 tags × 4 cases of v1', () => {
    expect(cases.filter((c) => c.template !== 'v1')).toHaveLength(56);
    expect(cases.filter((c) => c.template === 'v1')).toHaveLength(20);
  });

  for (const c of cases) {
    it(`${c.name} → ${c.want.kind}`, () => {
      if (c.want.kind === 'invalid') {
        expect(() => graylogToBanRequests(c.body, defaults)).toThrow(BanbridgeError);
        return;
      }
      const report = graylogToBanRequests(c.body, defaults);
      expect(report.kind).toBe(c.want.kind);
      if (report.kind !== 'event' || c.want.kind !== 'event') return;
      expect(report.requests.map((r) => r.ip)).toEqual(c.want.ips);
      expect(report.via).toBe(c.want.via);
      expect(report.detail['addresses_from']).toBe(c.want.from);
      for (const node of GRAYLOG_NODES)
        expect(report.requests.map((r) => r.ip)).not.toContain(node);
    });
  }

  it('an override matched by title applies to every event body (event_title on 6.0–7.0.x, event_summary_template on 7.1+)', () => {
    const config = {
      ...defaults,
      overrides: [
        { match: SSH_TITLE, report_only: true },
        { match: FILTER_TITLE, report_only: true },
      ],
    };
    const events = cases.filter((c) => c.want.kind === 'event');
    expect(events.length).toBeGreaterThan(40);
    for (const c of events) {
      const report = graylogToBanRequests(c.body, config);
      if (report.kind !== 'event') throw new Error(`${c.name}: not an event`);
      expect(report.requests.length, c.name).toBeGreaterThan(0);
      expect(
        report.requests.every((r) => r.reportOnly === true),
        c.name,
      ).toBe(true);
    }
  });

  it('the banbridge-template bodies were rendered from the template banbridge ships', () => {
    const rendered = readFileSync(
      new URL(
        '../../fixtures/graylog/rendered/templates/banbridge-recommended-template.jmte',
        import.meta.url,
      ),
      'utf8',
    );
    expect(rendered).toBe(RECOMMENDED_V2_BODY_TEMPLATE);
  });

  it('the default template without backlog has no backlog key at all (what Graylog sends)', () => {
    for (const c of cases.filter((x) => x.template === 'default' && /\/[12]-/.test(x.name)))
      expect(JSON.parse(c.body), c.name).not.toHaveProperty('backlog');
  });
});
