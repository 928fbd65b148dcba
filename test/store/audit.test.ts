import { describe, expect, it } from 'vitest';
import { clipDetail } from '../../src/store/audit.js';

describe('audit detail', () => {
  it('is kept whole when small', () => {
    expect(JSON.parse(clipDetail({ jail: 'sshd', failures: 5 }))).toEqual({
      jail: 'sshd',
      failures: 5,
    });
  });

  it('clips long strings first, so one report cannot write megabytes', () => {
    const clipped = clipDetail({ event_id: '01JF3H5K', message: 'x'.repeat(100_000) });
    expect(clipped.length).toBeLessThanOrEqual(4000);
    const parsed = JSON.parse(clipped) as { event_id: string; message: string };
    expect(parsed.event_id).toBe('01JF3H5K');
    expect(parsed.message).toMatch(/^x{300}…$/);
  });

  it('keeps only the keys when even clipped strings are too many', () => {
    const many = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`field${i}`, 'y'.repeat(300)]),
    );
    const clipped = JSON.parse(clipDetail(many)) as { truncated: boolean; keys: string[] };
    expect(clipped.truncated).toBe(true);
    expect(clipped.keys).toHaveLength(50);
  });
});
