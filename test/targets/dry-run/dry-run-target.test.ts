import { describe, expect, it } from 'vitest';
import { DryRunTarget } from '../../../src/targets/dry-run/dry-run-target.js';
import { recordingLog } from '../routeros/helpers.js';

describe('DryRunTarget', () => {
  it('remembers what it would have done, logs it, and behaves like a router list', async () => {
    let now = 1_000_000;
    const log = recordingLog();
    const target = new DryRunTarget(log, { clock: () => now });
    expect(
      await target.add([
        { key: '203.0.113.9', family: 4, comment: 'banbridge a', expiresAt: now + 10_000 },
        { key: '2001:db8::/64', family: 6, comment: 'banbridge b', expiresAt: null },
      ]),
    ).toEqual([{ ok: true }, { ok: true }]);
    expect(log.lines[0]).toContain('would add');
    const listed = await target.list();
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      key: '203.0.113.9',
      owned: true,
      dynamic: true,
      timeoutMs: 10_000,
    });
    const v6 = listed[1];
    expect(
      await target.refresh([
        {
          id: v6?.id ?? '',
          family: 6,
          entry: { key: '2001:db8::/64', family: 6, comment: 'banbridge c', expiresAt: null },
        },
      ]),
    ).toEqual([{ ok: true }]);
    expect(await target.removeIds([{ id: v6?.id ?? '', family: 6 }])).toEqual([{ ok: true }]);
    now += 10_000;
    expect(await target.list()).toEqual([]);
    expect(await target.remove([{ key: '203.0.113.9', family: 4 }])).toEqual([{ ok: true }]);
    expect(await target.uptimeSeconds()).toBe(10);
    await target.close();
  });

  it('static mode keeps no expiry', async () => {
    const target = new DryRunTarget(recordingLog(), { entryMode: 'static' });
    await target.add([{ key: '203.0.113.9', family: 4, comment: 'banbridge', expiresAt: 1 }]);
    expect((await target.list())[0]).toMatchObject({ dynamic: false, timeoutMs: null });
  });
});
