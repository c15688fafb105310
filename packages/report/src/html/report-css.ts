/**
 * The report's stylesheet. Print: A4 with 14 mm margins (`@page`), headings kept with what follows,
 * figures and table rows never split, the complete event list expanded, and the static SVG trace in
 * place of the canvas chart (canvas prints as a blurred bitmap).
 */
export const REPORT_CSS = `@page { size: A4; margin: 14mm; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; max-width: 1000px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 1px solid #d5dbe3; }
.source { color: #4a5568; margin: 0; padding-left: 18px; }
figure { margin: 0; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #e3e8ef; padding: 3px 6px; text-align: left; }
.summary td:first-child { width: 40%; color: #4a5568; }
.hourly th, .hourly td { text-align: right; white-space: nowrap; } .hourly th { white-space: normal; vertical-align: bottom; } .hourly th:first-child, .hourly td:first-child { text-align: left; }
.hourly td.no-data { color: #9b2c2c; font-style: italic; }
.no-data-note { color: #9b2c2c; }
details.events-list > summary { cursor: pointer; color: #1f5fbf; margin: 4px 0; }
.trace-spo2 { fill: none; stroke: #1f5fbf; stroke-width: 1.2; } .trace-pr { fill: none; stroke: #c0392b; stroke-width: 0.8; opacity: .7; }
.span-alert { fill: #e74c3c; opacity: .22; } .span-event { fill: #e67e22; opacity: .8; }
.grid { stroke: #e3e8ef; } .band { stroke: #8e44ad; stroke-dasharray: 4 3; } .band-label { fill: #8e44ad; font-size: 10px; }
.plot-frame { fill: none; stroke: #cbd5e0; }
.axis { fill: #4a5568; font-size: 11px; } .legend { fill: #4a5568; font-size: 11px; } .hist-bar { fill: #1f5fbf; } .hist-bar.low { fill: #c0392b; }
.caveat { background: #fff8e1; border-left: 4px solid #f1c40f; padding: 8px 12px; }
footer { margin-top: 24px; color: #718096; font-size: 11px; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  figure, svg, .summary, .hourly tr, .events tr { break-inside: avoid; }
  .hourly, .events { font-size: 8pt; } .hourly td, .hourly th, .events td, .events th { padding: 2px 3px; }
  .hourly td:first-child { white-space: normal; }
  details.events-list > summary { display: none; }
  details.events-list::details-content { content-visibility: visible; display: contents; }
  a { color: inherit; text-decoration: none; }
}`
