import { humanDuration } from '../../pipeline/explain/human-duration.js';
import { html, type Html } from './html.js';

/** `2026-12-03 07:18 UTC`, in a <time> element carrying the exact instant. */
export function when(ms: number | null): Html {
  if (ms === null) return html`<span class="muted">never</span>`;
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/** `in 23h59m` / `5m ago`. */
export function relative(ms: number, now: number): string {
  return ms >= now ? `in ${humanDuration(ms - now)}` : `${humanDuration(now - ms)} ago`;
}

/** A state word as a coloured badge (the class is one of our fixed words). */
export function badge(state: string): Html {
  const known = /^[a-z-]{1,20}$/.test(state) ? state : 'unknown';
  return html`<span class="state ${known}">${state}</span>`;
}

/**
 * A detector's structured detail as `key: value` rows (values are text, escaped), folded
 * into a native <details> so long Graylog fields do not push the page apart.
 */
export function detailList(detail: Record<string, unknown> | null): Html {
  if (detail === null) return html``;
  const rows = Object.entries(detail).filter(
    ([, v]) => v !== undefined && v !== null && v !== false && v !== '',
  );
  if (rows.length === 0) return html``;
  const h = html;
  return h`<details><summary>${rows.length} field(s)</summary><dl class="facts">${rows.map(
    ([k, v]) => h`<dt>${k}</dt><dd>${typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>`,
  )}</dl></details>`;
}
