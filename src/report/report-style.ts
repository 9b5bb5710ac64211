/**
 * The report's stylesheet, inlined into the page (no network: no external CSS or fonts).
 * System font stacks only; colours chosen to read in print and for colour-blind readers
 * (verdicts carry a word and a symbol, never colour alone).
 */
export const REPORT_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2937;background:#f3f4f6}
main{max-width:1120px;margin:0 auto;padding:16px 20px 48px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #d1d5db}
h3{font-size:15px;margin:16px 0 6px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.banner{border-radius:8px;padding:16px 20px;color:#fff;margin-bottom:12px}
.banner .word{font-size:28px;font-weight:700;letter-spacing:.04em}
.banner ul{margin:8px 0 0;padding-left:20px}
.banner .meta{opacity:.9;font-size:13px;margin-top:6px}
.verdict-pass{background:#047857}.verdict-fail{background:#b91c1c}.verdict-untrusted{background:#92400e}
.live-on-track{background:#1e40af}.live-breaking{background:#b91c1c}
nav{font-size:13px;margin:8px 0 4px}nav a{margin-right:12px;color:#1d4ed8;text-decoration:none}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e5e7eb;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f9fafb;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.v-fail td{background:#fef2f2}tr.v-not-measured td{background:#fffbeb}tr.v-disabled td{color:#6b7280}
.badge{display:inline-block;min-width:88px;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;white-space:nowrap}
.b-pass{background:#d1fae5;color:#065f46}.b-fail{background:#fee2e2;color:#991b1b}.b-not-measured{background:#fef3c7;color:#92400e}.b-disabled{background:#e5e7eb;color:#374151}
td .grounding{color:#4b5563;font-size:12px;margin-top:2px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:12px;align-items:start;margin-top:12px}
.sid{white-space:nowrap}
figure.chart{background:#fff;border:1px solid #e5e7eb;border-radius:6px;margin:0 0 12px;padding:10px 12px}
figure.chart figcaption{font-weight:600}
figure.chart .note{margin:2px 0 4px;color:#4b5563;font-size:12px}
figure.chart svg{width:100%;height:auto;display:block}
svg .grid{stroke:#e5e7eb;stroke-width:1}svg .axis{stroke:#6b7280;stroke-width:1}svg .tickmark{stroke:#6b7280}
svg .tick{font-size:11px;fill:#4b5563}svg .axis-label{font-size:11px;fill:#374151}
svg .series{fill:none;stroke-width:1.8;stroke-linejoin:round}svg .series.dashed{stroke-dasharray:5 3}
svg .limit{stroke:#dc2626;stroke-width:1.2;stroke-dasharray:6 4}svg .limit-label{font-size:11px;fill:#b91c1c}
.legend{font-size:12px;margin-top:4px}.legend .key{margin-right:14px;white-space:nowrap}
.legend i{display:inline-block;width:14px;height:3px;margin-right:5px;vertical-align:middle}
.nodata{color:#6b7280;font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;min-width:150px}
.card .k{font-size:12px;color:#4b5563}.card .v{font-size:18px;font-weight:600}
.card.bad{border-color:#fca5a5;background:#fef2f2}
footer{margin-top:32px;color:#6b7280;font-size:12px}
@media print{body{background:#fff}figure.chart,table{break-inside:avoid}}
`;
