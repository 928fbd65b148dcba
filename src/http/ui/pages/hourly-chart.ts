import type { HourlyCount } from '../../../store/audit-reads.js';
import { html, type Html } from '../html.js';

const HOUR = 3_600_000;
const WIDTH = 720;
const HEIGHT = 200;
const PAD = { left: 36, right: 8, top: 10, bottom: 24 };
const SERIES = 8;

/**
 * Accepted reports per hour, stacked by source, as an SVG drawn here (no chart service, no
 * script). Colours come from the style sheet's .s0–.s7 classes: no inline style (CSP).
 */
export function hourlyChart(counts: readonly HourlyCount[], since: number, now: number): Html {
  const first = Math.floor(since / HOUR) * HOUR;
  const hours = Math.max(1, Math.ceil((now - first) / HOUR));
  const totals = new Map<string, number>();
  for (const c of counts) totals.set(c.credential, (totals.get(c.credential) ?? 0) + c.n);
  const sources = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  const shown = sources.slice(0, SERIES - 1);
  const series = (credential: string) => {
    const i = shown.indexOf(credential);
    return i < 0 ? SERIES - 1 : i;
  };
  const stacks = new Map<number, number[]>();
  for (const c of counts) {
    const slot = Math.floor((c.hour - first) / HOUR);
    const stack = stacks.get(slot) ?? new Array<number>(SERIES).fill(0);
    stack[series(c.credential)] = (stack[series(c.credential)] ?? 0) + c.n;
    stacks.set(slot, stack);
  }
  const peak = Math.max(1, ...[...stacks.values()].map((s) => s.reduce((a, b) => a + b, 0)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const barW = plotW / hours;
  const y = (v: number) => PAD.top + plotH - (v / peak) * plotH;
  const bars: Html[] = [];
  for (const [slot, stack] of stacks) {
    let base = 0;
    stack.forEach((n, i) => {
      if (n === 0) return;
      const top = y(base + n);
      bars.push(
        html`<rect
          class="s${i}"
          x="${(PAD.left + slot * barW).toFixed(1)}"
          y="${top.toFixed(1)}"
          width="${Math.max(1, barW - 0.5).toFixed(1)}"
          height="${(y(base) - top).toFixed(1)}"
          ><title>${n}</title></rect
        >`,
      );
      base += n;
    });
  }
  const days: Html[] = [];
  for (let t = Math.ceil(first / 86_400_000) * 86_400_000; t < now; t += 86_400_000) {
    const x = PAD.left + ((t - first) / HOUR) * barW;
    days.push(
      html`<line
          class="grid"
          x1="${x.toFixed(1)}"
          y1="${PAD.top}"
          x2="${x.toFixed(1)}"
          y2="${PAD.top + plotH}"
        /><text x="${(x + 2).toFixed(1)}" y="${HEIGHT - 8}"
          >${new Date(t).toISOString().slice(5, 10)}</text
        >`,
    );
  }
  const legend = [...shown, ...(sources.length > shown.length ? ['other'] : [])];
  return html`<svg
      class="chart"
      id="hourly-chart"
      viewBox="0 0 ${WIDTH} ${HEIGHT}"
      role="img"
      aria-label="accepted reports per hour by source"
    >
      ${days}
      <line
        class="axis"
        x1="${PAD.left}"
        y1="${PAD.top + plotH}"
        x2="${WIDTH - PAD.right}"
        y2="${PAD.top + plotH}"
      />
      <text x="4" y="${PAD.top + 10}">${peak}</text>
      <text x="4" y="${PAD.top + plotH}">0</text>
      ${bars}
    </svg>
    <div class="legend">
      ${legend.map((s, i) => html`<span class="s${i}">${s}</span>`)}${legend.length === 0 ? html`<span class="muted">no accepted reports in this period</span>` : ''}
    </div>`;
}
