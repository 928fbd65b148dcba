/** The console's whole style sheet, served as /ui/assets/console.css (no inline styles: CSP). */
export const CONSOLE_CSS = `
:root { --fg: #1b1f24; --muted: #5b6570; --line: #d5dae0; --bg: #f6f7f9; --card: #fff;
  --accent: #1f5fa8; --bad: #b3261e; --good: #1e7d32; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
header { background: #14283f; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap;
  align-items: center; gap: .25rem 1rem; }
header .brand { font-weight: 700; margin-right: .5rem; }
header nav { display: flex; flex-wrap: wrap; gap: .25rem; flex: 1; }
header nav a { color: #dfe8f3; text-decoration: none; padding: .35rem .6rem; border-radius: 4px; }
header nav a.current { background: #2c4a6e; color: #fff; }
header .who { display: flex; align-items: center; gap: .5rem; font-size: .9rem; }
header .who button { background: transparent; color: #dfe8f3; border: 1px solid #5d7694; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
section.card h2 { margin-top: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 1rem;
  margin-bottom: 1rem; }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .2rem; }
input, select, button { font: inherit; padding: .45rem .6rem; border: 1px solid var(--line);
  border-radius: 4px; background: #fff; color: var(--fg); }
input[type=text], input[type=password], input[type=search] { min-width: 12rem; }
button { background: var(--accent); border-color: var(--accent); color: #fff; cursor: pointer; }
button.danger { background: var(--bad); border-color: var(--bad); }
button.plain { background: #fff; color: var(--accent); }
a.button { display: inline-block; padding: .45rem .8rem; border-radius: 4px; color: #fff;
  background: var(--bad); text-decoration: none; font-weight: 600; }
details summary { cursor: pointer; color: var(--accent); }
details dl.facts { margin-top: .3rem; }
.verdict { font-size: 1.2rem; font-weight: 700; padding: .6rem .8rem; border-radius: 6px;
  margin-bottom: .75rem; }
.verdict.banned { background: #fdecea; color: var(--bad); }
.verdict.clear { background: #e8f5e9; color: var(--good); }
.notice { background: #e8f0fb; border: 1px solid #b9cde8; padding: .6rem .8rem; border-radius: 6px;
  margin-bottom: 1rem; }
.error { background: #fdecea; border: 1px solid #f1b5b0; padding: .6rem .8rem; border-radius: 6px;
  margin-bottom: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--card); font-size: .9rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
pre.evidence { background: #f1f3f5; border: 1px solid var(--line); border-radius: 4px; padding: .5rem;
  white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0 .75rem; font-size: .85rem; }
.state { display: inline-block; padding: .05rem .45rem; border-radius: 999px; font-size: .8rem;
  border: 1px solid var(--line); white-space: nowrap; }
.state.present, .state.connected, .state.accepted, .state.done { color: var(--good); border-color: #9fd3a6; }
.state.pending, .state.removing, .state.unknown, .state.recorded, .state.waiting { color: var(--warn);
  border-color: #e6c97a; }
.state.failed, .state.remove-failed, .state.down, .state.rejected, .state.unanswered { color: var(--bad);
  border-color: #f1b5b0; }
.muted { color: var(--muted); }
.pager { display: flex; gap: 1rem; align-items: center; margin: .75rem 0; }
svg.chart { width: 100%; height: auto; background: var(--card); border: 1px solid var(--line);
  border-radius: 6px; }
svg.chart .axis { stroke: #9aa5b1; stroke-width: 1; }
svg.chart .grid { stroke: #e3e7eb; stroke-width: 1; }
svg.chart text { font-size: 11px; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: .75rem; font-size: .85rem; margin: .5rem 0; }
.legend span::before { content: ""; display: inline-block; width: .8rem; height: .8rem;
  margin-right: .3rem; vertical-align: -1px; border-radius: 2px; background: currentColor; }
.s0 { fill: #1f77b4; color: #1f77b4; } .s1 { fill: #d62728; color: #d62728; }
.s2 { fill: #2ca02c; color: #2ca02c; } .s3 { fill: #ff7f0e; color: #ff7f0e; }
.s4 { fill: #9467bd; color: #9467bd; } .s5 { fill: #8c564b; color: #8c564b; }
.s6 { fill: #e377c2; color: #e377c2; } .s7 { fill: #7f7f7f; color: #7f7f7f; }
.login { max-width: 22rem; margin: 3rem auto; }
.login form { display: flex; flex-direction: column; gap: .75rem; }
@media (max-width: 640px) {
  main { padding: .6rem; }
  header { padding: .4rem .6rem; }
  input[type=text], input[type=password], input[type=search] { min-width: 0; width: 100%; }
  form.inline > label, form.inline > button { flex: 1 1 100%; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin-bottom: .4rem; }
  th.wide, td.wide { display: none; }
  table.stack thead { display: none; }
  table.stack tr { display: block; border-bottom: 1px solid var(--line); padding: .3rem 0; }
  table.stack td { display: block; border: 0; padding: .15rem .5rem; }
  table.stack td[data-label]::before { content: attr(data-label); display: block;
    color: var(--muted); font-size: .75rem; }
  table.stack td.wide { display: none; }
  header nav { order: 3; flex-basis: 100%; }
  header nav a { padding: .3rem .45rem; }
  header .who { margin-left: auto; }
}
`;
