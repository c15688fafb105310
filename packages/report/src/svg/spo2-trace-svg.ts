import { escapeHtml } from '../html/html-escape.js'
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
  readonly width?: number
  readonly height?: number
}

const PAD = { left: 44, right: 44, top: 12, bottom: 28 }

/**
 * Draws SpO2 (left axis, 50–100 %) and optionally pulse rate (right axis, 30–180 /min) over time as
 * one self-contained SVG. Gaps (`null` values) break the line instead of being bridged, so missing
 * data never looks like a reading. Elements carry `data-series` / `data-span` attributes so tests can
 * find what was drawn.
 */
export function renderSpo2TraceSvg(chart: TraceChart): string {
  const width = chart.width ?? 960
  const height = chart.height ?? 300
  const all = [...chart.spo2, ...(chart.pulseRate ?? [])]
  const t0 = Math.min(...all.map((p) => p.timeMs))
  const t1 = Math.max(...all.map((p) => p.timeMs), t0 + 1)
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
    parts.push(
      `<text class="band-label" x="${PAD.left + 4}" y="${fmt(ySpo2(band.value) - 3)}">${escapeHtml(band.label)}</text>`,
    )
  }
  for (const tick of timeTicks(t0, t1)) {
    parts.push(`<text class="axis" x="${fmt(x(tick.t))}" y="${height - 8}" text-anchor="middle">${tick.label}</text>`)
  }
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

function timeTicks(t0: number, t1: number): { t: number; label: string }[] {
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
