import { escapeHtml } from '../html/html-escape.js'
import { type TimeAxis, timeTicks } from '../time/time-axis.js'
import { minMaxDecimate, type TracePoint } from './min-max-decimate.js'

/** A shaded time span on the chart (an alert, a desaturation event). */
export interface TraceSpan {
  readonly startMs: number
  /** Open spans (still active at the end of the data) run to the end of the chart. */
  readonly endMs: number | null
  readonly label: string
  readonly kind: 'alert' | 'event'
}

/** What {@link renderSpo2TraceSvg} draws. */
export interface TraceChart {
  readonly spo2: readonly TracePoint[]
  readonly pulseRate?: readonly TracePoint[]
  readonly spans?: readonly TraceSpan[]
  /** Horizontal reference lines, e.g. the NHS oximetry \@home bands at 95 and 92. */
  readonly bands?: readonly { readonly value: number; readonly label: string }[]
  /** Clock or elapsed ticks (see `timeTicks`); omitted, elapsed minutes/hours from the first point. */
  readonly timeAxis?: TimeAxis
  readonly width?: number
  readonly height?: number
}

// The bottom margin holds the time axis and, below it, the legend: no label is drawn inside the
// plotting area, so none can cover the trace.
const PAD = { left: 44, right: 44, top: 12, bottom: 56 }

/**
 * Draws SpO2 (left axis, 50–100 %) and optionally pulse rate (right axis, 30–180 /min) over time as
 * one self-contained SVG. Gaps (`null` values) break the line instead of being bridged, so missing
 * data never looks like a reading. Elements carry `data-series` / `data-span` attributes so tests can
 * find what was drawn.
 */
export function renderSpo2TraceSvg(chart: TraceChart): string {
  const width = chart.width ?? 960
  const height = chart.height ?? 320
  // A loop, not Math.min(...times): spreading a 24-hour 1 Hz night overflows the argument limit.
  let t0 = Number.POSITIVE_INFINITY
  let t1 = Number.NEGATIVE_INFINITY
  for (const series of [chart.spo2, chart.pulseRate ?? []]) {
    for (const p of series) {
      if (p.timeMs < t0) t0 = p.timeMs
      if (p.timeMs > t1) t1 = p.timeMs
    }
  }
  if (!Number.isFinite(t0)) t0 = t1 = 0
  t1 = Math.max(t1, t0 + 1)
  const plotW = width - PAD.left - PAD.right
  const plotH = height - PAD.top - PAD.bottom
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * plotW
  const ySpo2 = (v: number) => PAD.top + ((100 - clamp(v, 50, 100)) / 50) * plotH
  const yPr = (v: number) => PAD.top + ((180 - clamp(v, 30, 180)) / 150) * plotH
  const buckets = Math.max(50, Math.floor(plotW))

  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="SpO2 and pulse rate over time">`,
  )
  for (const span of chart.spans ?? []) {
    const sx = x(span.startMs)
    const ex = x(span.endMs ?? t1)
    // Alerts shade the whole height; desaturation events (often hundreds a night) sit in a strip
    // along the bottom, so they stay visible without hiding the trace.
    const [y, h, cls] =
      span.kind === 'alert' ? [PAD.top, plotH, 'span-alert'] : [PAD.top + plotH - 10, 10, 'span-event']
    parts.push(
      `<rect data-span="${span.kind}" class="${cls}" x="${fmt(sx)}" y="${fmt(y)}" width="${fmt(Math.max(1.5, ex - sx))}" height="${fmt(h)}"><title>${escapeHtml(span.label)}</title></rect>`,
    )
  }
  for (const v of [100, 90, 80, 70, 60, 50]) {
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${width - PAD.right}" y1="${fmt(ySpo2(v))}" y2="${fmt(ySpo2(v))}"/>`,
    )
    parts.push(`<text class="axis" x="${PAD.left - 6}" y="${fmt(ySpo2(v) + 4)}" text-anchor="end">${v}%</text>`)
  }
  for (const band of chart.bands ?? []) {
    const y = fmt(ySpo2(band.value))
    parts.push(
      `<line class="band" data-band="${band.value}" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}"/>`,
    )
  }
  parts.push(
    `<rect class="plot-frame" data-plot-area="" x="${PAD.left}" y="${PAD.top}" width="${fmt(plotW)}" height="${fmt(plotH)}"/>`,
  )
  const ticks =
    chart.timeAxis === undefined
      ? elapsedTicks(t0, t1)
      : timeTicks(t0, t1, chart.timeAxis).map((k) => ({ t: k.timeMs, label: k.label }))
  for (const tick of ticks) {
    parts.push(
      `<text class="axis" data-tick="${tick.t}" x="${fmt(x(tick.t))}" y="${PAD.top + plotH + 14}" text-anchor="middle">${escapeHtml(tick.label)}</text>`,
    )
  }
  parts.push(legend(chart, PAD.left, height - 6))
  if (chart.pulseRate !== undefined && chart.pulseRate.length > 0) {
    for (const v of [40, 80, 120, 160]) {
      parts.push(`<text class="axis pr" x="${width - PAD.right + 6}" y="${fmt(yPr(v) + 4)}">${v}</text>`)
    }
    const d = pathData(minMaxDecimate(chart.pulseRate, buckets), x, yPr)
    parts.push(`<path data-series="pulse-rate" class="trace-pr" d="${d}"/>`)
  }
  parts.push(
    `<path data-series="spo2" class="trace-spo2" d="${pathData(minMaxDecimate(chart.spo2, buckets), x, ySpo2)}"/>`,
  )
  parts.push('</svg>')
  return parts.join('\n')
}

function pathData(points: readonly TracePoint[], x: (t: number) => number, y: (v: number) => number): string {
  let d = ''
  let pen = false
  for (const p of points) {
    if (p.value === null) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${fmt(x(p.timeMs))},${fmt(y(p.value))}`
    pen = true
  }
  return d
}

/** The key under the time axis (two lines): series and reference bands, then what the shading means. */
function legend(chart: TraceChart, left: number, bottom: number): string {
  const items = ['<tspan fill="#1f5fbf">━</tspan> SpO2 % (left axis)']
  if (chart.pulseRate !== undefined && chart.pulseRate.length > 0) {
    items.push('<tspan fill="#c0392b">━</tspan> pulse rate /min (right axis)')
  }
  for (const band of chart.bands ?? []) items.push(`<tspan fill="#8e44ad">╌</tspan> ${escapeHtml(band.label)}`)
  const lines = [items.join('    ')]
  if ((chart.spans ?? []).length > 0)
    lines.push('Shaded: sustained-low alerts. Strip along the foot: desaturation events.')
  return lines
    .map(
      (text, i) =>
        `<text class="legend" data-legend="${i}" x="${left}" y="${bottom - (lines.length - 1 - i) * 13}">${text}</text>`,
    )
    .join('\n')
}

function elapsedTicks(t0: number, t1: number): { t: number; label: string }[] {
  const spanMin = (t1 - t0) / 60_000
  const stepMin = [1, 2, 5, 10, 15, 30, 60, 120].find((s) => spanMin / s <= 10) ?? 240
  const ticks: { t: number; label: string }[] = []
  for (let m = 0; m <= spanMin; m += stepMin) {
    const h = Math.floor(m / 60)
    ticks.push({ t: t0 + m * 60_000, label: h > 0 ? `${h}h${String(m % 60).padStart(2, '0')}` : `${m} min` })
  }
  return ticks
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
const fmt = (n: number) => (Math.round(n * 10) / 10).toString()
