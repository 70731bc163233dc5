/** The stylesheet, served from /assets/dashboard.css: no CDN, no font download, system colours for dark mode. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #59636e; --bg: #ffffff; --line: #d1d9e0; --accent: #0b5cad;
  --danger: #b42318; --ok: #1a7f37; --warn: #9a6700; --row: #f6f8fa; font-family: system-ui, sans-serif; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --accent: #4493f8; --danger: #f85149;
    --ok: #3fb950; --warn: #d29922; --row: #151b23; }
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font-size: 15px; line-height: 1.45; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem; }
.skip:focus { left: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
.brand { margin: 0; font-weight: 700; }
.brand a { color: inherit; text-decoration: none; }
.top nav ul { display: flex; gap: .25rem; list-style: none; margin: 0; padding: 0; }
.top nav a { display: block; padding: .35rem .7rem; border-radius: 6px; text-decoration: none; }
.top nav a[aria-current="page"] { background: var(--row); color: var(--fg); font-weight: 600; }
.connection { margin: 0 0 0 auto; color: var(--muted); font-size: .9em; }
main { padding: 1rem; max-width: 100rem; }
main:focus { outline: none; }
h1 { font-size: 1.4rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-bottom: .75rem; }
.filters label { display: inline-flex; gap: .4rem; align-items: center; }
input, select, button { font: inherit; }
input, select { padding: .3rem .45rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
button { padding: .25rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--row); color: var(--fg); cursor: pointer; }
button:hover:not([disabled]) { border-color: var(--accent); }
button[disabled] { opacity: .45; cursor: not-allowed; }
button.danger { color: var(--danger); }
button.quiet { background: none; }
button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: var(--bg); }
.actions { display: flex; gap: .35rem; flex-wrap: wrap; }
/* The actions may wrap under each other, so a narrow window keeps Terminate in view. */
td.actions-cell { white-space: normal; min-width: 6rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding: .4rem 0; color: var(--muted); }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: middle; white-space: nowrap; }
thead th { position: sticky; top: 0; background: var(--bg); font-size: .85em; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
tbody tr:hover { background: var(--row); }
th.num, td.num { text-align: right; }
td.time { font-variant-numeric: tabular-nums; }
td.empty, tr.empty td { color: var(--muted); text-align: center; padding: 1.5rem; }
.muted { color: var(--muted); }
.small { font-size: .85em; }
.summary { margin: 0 0 .25rem; }
.state-active { color: var(--ok); }
.state-spawning { color: var(--warn); }
.state-terminating { color: var(--danger); }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 999px; border: 1px solid currentColor; font-size: .85em; }
.tag-tracked { color: var(--ok); }
.tag-orphaned { color: var(--warn); }
.tag-foreign { color: var(--muted); }
tr.action td { background: var(--row); }
.pager { display: flex; gap: 1rem; align-items: center; margin-top: .75rem; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .25rem 1.5rem; }
.fields div { display: flex; gap: .5rem; }
.fields dt { color: var(--muted); min-width: 7rem; }
.fields dd { margin: 0; }
.error { color: var(--danger); }
dialog { border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem; max-width: 32rem; color: var(--fg); background: var(--bg); }
dialog::backdrop { background: rgb(0 0 0 / .45); }
dialog h2 { margin-top: 0; }
dialog .buttons { display: flex; justify-content: flex-end; gap: .5rem; }
.login { max-width: 24rem; margin: 4rem auto; }
`;
