import type { TimeAxis } from '../time/time-axis.js'
import { UPLOT_CSS, UPLOT_JS, UPLOT_LICENSE, UPLOT_VERSION } from '../vendor/uplot.generated.js'

/** What the zoomable chart draws. */
export interface ZoomChartData {
  readonly timeAxis: TimeAxis
  readonly timesMs: readonly number[]
  readonly spo2: readonly (number | null)[]
  /** Omitted or all-null: the pulse-rate panel says there is no pulse rate. */
  readonly pulseRate?: readonly (number | null)[]
  readonly spans: readonly {
    readonly startMs: number
    readonly endMs: number | null
    readonly kind: 'alert' | 'event'
  }[]
  readonly bands: readonly number[]
}

/**
 * JSON that is safe inside a `<script>` element: `<` is escaped so no value can close the element
 * (`</script>`) or open a comment, and U+2028/2029 cannot end a line in older parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** Vendor text in a script element: the only sequence that could end it early is `</script`. */
const inScript = (text: string) => text.replace(/<\/(script)/gi, '<\\/$1')

/**
 * The zoomable SpO2 and pulse-rate panels: uPlot (MIT, embedded inline, so the page fetches nothing)
 * drawing on canvas, with the x range shared by both panels. Drag across a panel to zoom to that
 * time, double-click for the whole night, or use the buttons (which also work from the keyboard).
 * The container's `data-view-start-ms` / `data-view-end-ms` always hold the visible range.
 *
 * Labels sit outside the plotting area: the axes on the margins, the series legend and the band
 * key below the panels. Canvas prints poorly, so the print stylesheet hides this and shows the
 * static SVG instead.
 */
export function renderZoomChart(data: ZoomChartData): { html: string; css: string } {
  const hasPulse = data.pulseRate !== undefined && data.pulseRate.some((v) => v !== null)
  const payload = {
    axis: data.timeAxis,
    x: data.timesMs.map((t) => t / 1000),
    spo2: data.spo2,
    pr: hasPulse ? data.pulseRate : null,
    spans: data.spans.map((s) => [s.startMs / 1000, s.endMs === null ? null : s.endMs / 1000, s.kind]),
    bands: data.bands,
  }
  const html = `<section id="zoom" class="zoom-chart" aria-label="Zoomable SpO2 and pulse-rate chart">
<div class="zoom-controls" role="toolbar" aria-label="Zoom the chart">
<button type="button" data-zoom="all">Whole night</button>
<button type="button" data-zoom="in">Zoom in</button>
<button type="button" data-zoom="out">Zoom out</button>
<button type="button" data-zoom="earlier">◀ Earlier</button>
<button type="button" data-zoom="later">Later ▶</button>
<span class="zoom-range" aria-live="polite"></span>
</div>
<div class="zoom-panel" id="zoom-spo2"></div>
${hasPulse ? '<div class="zoom-panel" id="zoom-pr"></div>' : '<p class="zoom-none" id="zoom-pr-none">No pulse-rate readings in this recording.</p>'}
<p class="zoom-key">Drag across a panel to zoom to that time; double-click for the whole night. Shaded: sustained-low alerts (full height) and desaturation events (strip along the foot of the SpO<sub>2</sub> panel). Dashed: ${data.bands.map((b) => `${b} %`).join(', ')}.</p>
</section>
<script>/*! uPlot v${UPLOT_VERSION} (embedded so the report needs no network). ${inScript(UPLOT_LICENSE.replace(/\*\//g, '* /'))} */
${inScript(UPLOT_JS)}</script>
<script type="application/json" id="zoom-data">${scriptJson(payload)}</script>
<script>${ZOOM_SCRIPT}</script>`
  return { html, css: `${UPLOT_CSS}\n${ZOOM_CSS}` }
}

const ZOOM_CSS = `.zoom-chart { display: none; } html.js-zoom .zoom-chart { display: block; }
@media screen { html.js-zoom #trace { display: none; } }
.zoom-controls { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 4px 0 8px; }
.zoom-controls button { font: inherit; padding: 3px 10px; border: 1px solid #a0aec0; border-radius: 4px; background: #f7fafc; cursor: pointer; }
.zoom-controls button:focus-visible { outline: 2px solid #1f5fbf; outline-offset: 1px; }
.zoom-range { margin-left: 8px; color: #4a5568; }
.zoom-key, .zoom-none { color: #4a5568; font-size: 12px; margin: 4px 0; }
@media print { .zoom-chart { display: none !important; } #trace { display: block !important; } }`

// Runs in the page. Plain ES2017, no imports: uPlot is the global defined by the script above.
const ZOOM_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('zoom');
  var dataEl = document.getElementById('zoom-data');
  if (!root || !dataEl || typeof uPlot !== 'function') return;
  var d = JSON.parse(dataEl.textContent);
  document.documentElement.classList.add('js-zoom');
  var axis = d.axis;
  var x0 = d.x[0], x1 = d.x[d.x.length - 1];
  if (x0 === undefined) return;
  if (x1 <= x0) x1 = x0 + 1;
  var clockFmt = axis.kind === 'clock' ? new Intl.DateTimeFormat('en-GB', { timeZone: axis.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) : null;
  var zoneFmt = axis.kind === 'clock' ? new Intl.DateTimeFormat('en-GB', { timeZone: axis.timeZone, timeZoneName: 'short' }) : null;
  function zone(s) { var p = zoneFmt.formatToParts(s * 1000).find(function (q) { return q.type === 'timeZoneName'; }); return p ? p.value : ''; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function elapsed(s) { var m = Math.round(Math.max(0, s - axis.originMs / 1000) / 60); return '+' + Math.floor(m / 60) + ':' + pad(m % 60); }
  function label(s) { return clockFmt ? clockFmt.format(s * 1000) : elapsed(s); }
  var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240];
  // The same ticks as the static SVG (timeTicks in @openward/report): round minutes of the step,
  // the zone name on the first tick and wherever it changes (01:00 BST, then 01:00 GMT).
  function splits(u, i, min, max) {
    var spanMin = Math.max(1, (max - min) / 60), step = 360;
    for (var k = 0; k < STEPS.length; k++) if (spanMin / STEPS[k] <= 10) { step = STEPS[k]; break; }
    var stepS = step * 60, origin = axis.kind === 'elapsed' ? axis.originMs / 1000 : 0, out = [];
    for (var t = origin + Math.ceil((min - origin) / stepS) * stepS; t <= max; t += stepS) out.push(t);
    return out;
  }
  // The labels drawn are also kept on the panel (data-x-ticks): uPlot draws axes on canvas.
  function values(u, ticks) {
    var last = '';
    var out = ticks.map(function (t) {
      if (!zoneFmt) return label(t);
      var z = zone(t), text = z === last ? label(t) : label(t) + ' ' + z;
      last = z;
      return text;
    });
    u.root.dataset.xTicks = JSON.stringify(out);
    return out;
  }
  function drawSpans(u, withEvents) {
    var ctx = u.ctx, b = u.bbox;
    ctx.save();
    ctx.beginPath(); ctx.rect(b.left, b.top, b.width, b.height); ctx.clip();
    d.spans.forEach(function (s) {
      var end = s[1] === null ? x1 : s[1];
      var l = u.valToPos(s[0], 'x', true), r = u.valToPos(end, 'x', true);
      if (r < b.left || l > b.left + b.width) return;
      var w = Math.max(1.5 * devicePixelRatio, r - l);
      if (s[2] === 'alert') { ctx.fillStyle = 'rgba(231,76,60,0.18)'; ctx.fillRect(l, b.top, w, b.height); }
      else if (withEvents) { ctx.fillStyle = 'rgba(230,126,34,0.85)'; ctx.fillRect(l, b.top + b.height - 8 * devicePixelRatio, w, 8 * devicePixelRatio); }
    });
    ctx.restore();
  }
  function drawBands(u) {
    var ctx = u.ctx, b = u.bbox;
    ctx.save();
    ctx.strokeStyle = '#8e44ad'; ctx.lineWidth = devicePixelRatio; ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    d.bands.forEach(function (v) { var y = u.valToPos(v, 'y', true); ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke(); });
    ctx.restore();
  }
  var charts = [], syncing = false;
  function onScale(u, key) {
    if (key !== 'x') return;
    var min = u.scales.x.min, max = u.scales.x.max;
    root.dataset.viewStartMs = String(Math.round(min * 1000));
    root.dataset.viewEndMs = String(Math.round(max * 1000));
    var r = root.querySelector('.zoom-range');
    if (r) r.textContent = 'Showing ' + label(min) + ' to ' + label(max) + ' (' + Math.round((max - min) / 60) + ' min)';
    if (syncing) return;
    syncing = true;
    charts.forEach(function (c) { if (c !== u) c.setScale('x', { min: min, max: max }); });
    syncing = false;
  }
  function width() { return Math.max(320, root.clientWidth); }
  function make(el, name, ys, color, range, unit, withEvents) {
    var axisX = { splits: splits, values: values, stroke: '#4a5568', grid: { stroke: '#e3e8ef' } };
    var opts = {
      width: width(), height: 240,
      cursor: { sync: { key: 'openward-report' }, drag: { x: true, y: false, setScale: true } },
      scales: { x: { time: false, range: function (u, min, max) { return [min, max]; } }, y: { range: range } },
      axes: [axisX, { stroke: '#4a5568', size: 72, grid: { stroke: '#e3e8ef' }, values: function (u, t) { return t.map(function (v) { return v + ' ' + unit; }); } }],
      series: [{ label: 'Time', value: function (u, v) { return v == null ? '' : label(v); } }, { label: name, stroke: color, width: 1.2, spanGaps: false, value: function (u, v, si, idx) { return idx == null ? '' : v == null ? 'no reading' : v + ' ' + unit; } }],
      hooks: { drawClear: [function (u) { drawSpans(u, withEvents); }], draw: [withEvents ? drawBands : function () {}], setScale: [onScale] },
    };
    var u = new uPlot(opts, [d.x, ys], el);
    charts.push(u);
    return u;
  }
  make(document.getElementById('zoom-spo2'), 'SpO2', d.spo2, '#1f5fbf', function (u, min, max) { return [Math.min(50, Math.floor((min == null ? 50 : min) / 5) * 5), 100]; }, '%', true);
  if (d.pr) make(document.getElementById('zoom-pr'), 'Pulse rate', d.pr, '#c0392b', function (u, min, max) { return [Math.min(40, Math.floor((min == null ? 40 : min) / 10) * 10), Math.max(120, Math.ceil((max == null ? 120 : max) / 10) * 10)]; }, '/min', false);
  function setRange(min, max) {
    var span = Math.min(max - min, x1 - x0);
    if (min < x0) { min = x0; max = x0 + span; }
    if (max > x1) { max = x1; min = x1 - span; }
    charts[0].setScale('x', { min: min, max: max });
  }
  root.querySelector('.zoom-controls').addEventListener('click', function (ev) {
    var b = ev.target.closest('button');
    if (!b) return;
    var s = charts[0].scales.x, min = s.min, max = s.max, span = max - min, mid = (min + max) / 2;
    var action = b.getAttribute('data-zoom');
    if (action === 'all') setRange(x0, x1);
    else if (action === 'in') setRange(mid - Math.max(60, span / 4), mid + Math.max(60, span / 4));
    else if (action === 'out') setRange(mid - span, mid + span);
    else if (action === 'earlier') setRange(min - span / 2, max - span / 2);
    else if (action === 'later') setRange(min + span / 2, max + span / 2);
  });
  onScale(charts[0], 'x');
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.setSize({ width: width(), height: 240 }); }); });
})();`
