import { describe, expect, it } from 'vitest'

import { minMaxDecimate, renderOximetryReportHtml, renderSpo2HistogramSvg, renderSpo2TraceSvg } from '../src/index.js'

const series = (values: (number | null)[]) => values.map((value, i) => ({ timeMs: i * 1000, value }))

describe('minMaxDecimate', () => {
  it('keeps a one-sample nadir that every-nth sampling would lose', () => {
    const values: (number | null)[] = Array.from({ length: 10_000 }, () => 97)
    values[4_321] = 71
    const out = minMaxDecimate(series(values), 100)
    expect(out.length).toBeLessThanOrEqual(2 * 100 + 1)
    expect(Math.min(...out.map((p) => p.value ?? 100))).toBe(71)
  })

  it('keeps a break where the source had no value', () => {
    const values: (number | null)[] = Array.from({ length: 1_000 }, () => 96)
    values[500] = null
    expect(minMaxDecimate(series(values), 50).some((p) => p.value === null)).toBe(true)
  })

  it('returns short traces unchanged', () => {
    const s = series([95, null, 94])
    expect(minMaxDecimate(s, 100)).toEqual(s)
  })
})

describe('renderSpo2TraceSvg', () => {
  it('breaks the line at gaps instead of bridging them', () => {
    const svg = renderSpo2TraceSvg({ spo2: series([97, 96, null, null, 95, 94]) })
    const d = /data-series="spo2"[^>]*d="([^"]*)"/.exec(svg)?.[1] ?? ''
    expect(d.match(/M/g)?.length).toBe(2)
    expect(d.match(/L/g)?.length).toBe(2)
  })

  it('draws alert spans and escapes their labels', () => {
    const svg = renderSpo2TraceSvg({
      spo2: series([97, 91, 90, 96]),
      spans: [{ startMs: 1000, endMs: null, label: 'SpO2 <= 92 <script>', kind: 'alert' }],
    })
    expect(svg).toContain('data-span="alert"')
    expect(svg).toContain('&lt;script&gt;')
    expect(svg).not.toContain('<script>')
  })
})

describe('renderSpo2HistogramSvg', () => {
  it('counts values in 1% bins and ignores nulls', () => {
    const svg = renderSpo2HistogramSvg([97, 97.2, 96.6, null, 88])
    expect(svg).toContain('data-spo2="97" data-count="3"')
    expect(svg).toContain('data-spo2="88" data-count="1"')
  })
})

describe('renderOximetryReportHtml', () => {
  it('is a self-contained page with the trace, events, summary, rule sets and caveat', () => {
    const html = renderOximetryReportHtml({
      title: 'Overnight oximetry <test>',
      source: ['file.csv'],
      spo2: series([97, 91, 90, 96]),
      spans: [{ startMs: 1000, endMs: 3000, label: 'spo2-sustained-below-92', kind: 'alert', detail: 'nadir 90%' }],
      summary: [{ label: 'Nadir', value: '90 %' }],
      ruleSets: ['openward-sustained-below-v1'],
      dataQuality: ['100 % valid'],
      generatedAt: '2026-11-22T00:00:00Z',
    })
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
    expect(html).toContain('Overnight oximetry &lt;test&gt;')
    expect(html).toContain('data-series="spo2"')
    expect(html).toContain('<tr data-row="alert"><td>alert</td><td>0:01</td><td>0:03</td>')
    expect(html).toContain('openward-sustained-below-v1')
    expect(html).toContain('ISO 80601-2-61')
    expect(html).toContain('@page { size: A4')
  })

  it('lists every event, however many (no cut), and keeps band labels out of the plot', () => {
    const spans = Array.from({ length: 300 }, (_, i) => ({
      startMs: i * 1000,
      endMs: i * 1000 + 500,
      label: 'odi-clinical-3pct@1.0.0',
      kind: 'event' as const,
    }))
    const html = renderOximetryReportHtml({
      title: 't',
      source: [],
      spo2: series(Array.from({ length: 400 }, () => 95)),
      spans,
      summary: [],
      ruleSets: [],
      dataQuality: [],
      bands: [{ value: 92, label: '92 %: urgent' }],
      generatedAt: '2026-11-22T00:00:00Z',
    })
    expect(html.match(/<tr data-row="event">/g)).toHaveLength(300)
    expect(html).not.toContain('more (')
    expect(html).toContain('<details class="events-list">')
    expect(html).not.toContain('class="band-label"')
    expect(html).toMatch(/<text class="legend"[^>]*>.*92 %: urgent/)
  })
})
