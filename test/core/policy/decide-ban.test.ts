import { describe, expect, it } from 'vitest';
import { decideBan, type BanPolicy } from '../../../src/core/policy/decide-ban.js';
import type { BanRow, OffenceRow } from '../../../src/store/bans.js';

const H = 3_600_000;
const D = 24 * H;
const policy: BanPolicy = {
  banTimeMs: 24 * H,
  maxBanTimeMs: 35 * 7 * D,
  escalation: { enabled: true, factor: 2, windowMs: 30 * D, permanentAfter: 0 },
};
const T0 = Date.UTC(2026, 10, 1);

function ban(over: Partial<BanRow> = {}): BanRow {
  return {
    key: '45.155.205.233',
    family: 4,
    first_seen: T0,
    last_seen: T0,
    hits: 1,
    banned_at: T0,
    expires_at: T0 + 24 * H,
    active: 1,
    reason: '',
    ended_at: null,
    ended_by: null,
    ...over,
  };
}
const offence = (count: number, lastBanAt: number, lastDuration: number | null): OffenceRow => ({
  key: '45.155.205.233',
  count,
  last_ban_at: lastBanAt,
  last_duration_ms: lastDuration,
});

describe('decideBan', () => {
  it('a first ban lasts policy.ban_time, or the requested duration', () => {
    expect(decideBan(policy, undefined, undefined, {}, T0)).toMatchObject({
      kind: 'new',
      expiresAt: T0 + 24 * H,
      offence: { count: 1 },
    });
    expect(decideBan(policy, undefined, undefined, { durationMs: 600_000 }, T0)).toMatchObject({
      expiresAt: T0 + 600_000,
    });
  });

  it('caps the requested duration at max_ban_time', () => {
    const d = decideBan(policy, undefined, undefined, { durationMs: 100 * 7 * D }, T0);
    expect(d.expiresAt).toBe(T0 + 35 * 7 * D);
  });

  it('escalates within the window: 24h, 48h, 96h … up to the cap (README example)', () => {
    let off: OffenceRow | undefined;
    const durations: number[] = [];
    let now = T0;
    for (let i = 0; i < 10; i++) {
      const d = decideBan(policy, undefined, off, {}, now);
      if (d.kind !== 'new') throw new Error('expected new');
      durations.push((d.durationMs ?? 0) / H);
      off = { ...d.offence, key: 'k' };
      now += 2 * D;
    }
    expect(durations).toEqual([24, 48, 96, 192, 384, 768, 1536, 3072, 5880, 5880]);
  });

  it('starts over outside the window, but the history is kept', () => {
    const d = decideBan(policy, undefined, offence(4, T0, 192 * H), {}, T0 + 31 * D);
    expect(d).toMatchObject({ kind: 'new', durationMs: 24 * H, offence: { count: 1 } });
  });

  it('becomes permanent at permanent_after', () => {
    const p = { ...policy, escalation: { ...policy.escalation, permanentAfter: 3 } };
    expect(decideBan(p, undefined, offence(1, T0, 24 * H), {}, T0 + D)).toMatchObject({
      expiresAt: T0 + D + 48 * H,
      offence: { count: 2 },
    });
    expect(decideBan(p, undefined, offence(2, T0, 48 * H), {}, T0 + D)).toMatchObject({
      expiresAt: null,
      offence: { count: 3 },
    });
  });

  it('does not escalate when escalation is disabled', () => {
    const p = { ...policy, escalation: { ...policy.escalation, enabled: false } };
    expect(decideBan(p, undefined, offence(5, T0, 96 * H), {}, T0 + D)).toMatchObject({
      durationMs: 24 * H,
      offence: { count: 6 },
    });
  });

  it('a report for an active ban never shortens it', () => {
    const active = ban({ expires_at: T0 + 48 * H });
    expect(
      decideBan(policy, active, offence(1, T0, 48 * H), { durationMs: H }, T0 + H),
    ).toMatchObject({
      kind: 'unchanged',
      expiresAt: T0 + 48 * H,
    });
  });

  it('lengthens an active ban when the new end is meaningfully later, without a new offence', () => {
    const active = ban();
    const d = decideBan(policy, active, offence(1, T0, 24 * H), {}, T0 + 12 * H);
    expect(d).toMatchObject({ kind: 'extended', expiresAt: T0 + 36 * H });
    expect(d.offence?.count).toBe(1);
    // a minute later: lengthening by one minute is not worth a router write
    expect(
      decideBan(policy, ban({ expires_at: T0 + 36 * H }), undefined, {}, T0 + 12 * H + 60_000).kind,
    ).toBe('unchanged');
  });

  it('a permanent ban stays permanent; a permanent request makes an active ban permanent', () => {
    expect(
      decideBan(policy, ban({ expires_at: null }), undefined, { durationMs: H }, T0 + H),
    ).toMatchObject({ kind: 'unchanged', expiresAt: null });
    expect(decideBan(policy, ban(), undefined, { permanent: true }, T0 + H)).toMatchObject({
      kind: 'extended',
      expiresAt: null,
    });
  });

  it('a restored fail2ban ban never escalates nor counts as a new offence', () => {
    const d = decideBan(
      policy,
      undefined,
      offence(3, T0, 96 * H),
      { restored: true, durationMs: 24 * H },
      T0 + D,
    );
    expect(d).toMatchObject({ kind: 'new', durationMs: 24 * H, offence: { count: 3 } });
  });

  it('a restored fail2ban ban never lengthens a ban still running (it is not a new hit)', () => {
    // Banned at T0 for 24 h; fail2ban restarts 12 h later and announces it again.
    const running = ban({ expires_at: T0 + 24 * H });
    expect(
      decideBan(
        policy,
        running,
        offence(1, T0, 24 * H),
        { restored: true, durationMs: 24 * H },
        T0 + 12 * H,
      ),
    ).toMatchObject({ kind: 'unchanged', expiresAt: T0 + 24 * H });
    // The same report without restored=1 is a hit that lengthens it.
    expect(
      decideBan(policy, running, offence(1, T0, 24 * H), { durationMs: 24 * H }, T0 + 12 * H),
    ).toMatchObject({ kind: 'extended', expiresAt: T0 + 36 * H });
  });

  it('an expired ban is not active: the next report is a new, escalated ban', () => {
    const expired = ban({ expires_at: T0 + 24 * H });
    expect(decideBan(policy, expired, offence(1, T0, 24 * H), {}, T0 + 25 * H)).toMatchObject({
      kind: 'new',
      durationMs: 48 * H,
    });
  });
});
