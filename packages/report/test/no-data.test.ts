import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { overnightReport, renderOvernightReportHtml } from '../src/index.js'
import { secondsOf } from './fixtures.js'

const render = (samples: ReturnType<typeof secondsOf>) => {
  const report = overnightReport({ samples, alerts: [], alertRule: 'SpO2 ≤ 92 % for ≥ 15 s' })
  if (E.isLeft(report)) throw new Error(report.left.message)
  return { report: report.right, html: renderOvernightReportHtml(report.right, { clock: { now: () => 0 } }) }
}

/** The text of the summary row whose label starts with `label`. */
const row = (html: string, label: string) =>
  new RegExp(`<tr><td>${label.replace(/[()]/g, '\\$&')}[^<]*</td><td>([^<]*)</td></tr>`).exec(html)?.[1]

describe('no data is not zero', () => {
  it('a night with no valid SpO2 shows every SpO2 figure as "no data" with the reason, never 0', () => {
    // Two hours of finger-out: samples arrive, none carries an SpO2 (nor a pulse rate).
    const { report, html } = render(
      secondsOf(
        7200,
        () => null,
        () => null,
      ),
    )
    for (const f of Object.values(report.figures).filter((f) => typeof f === 'object')) {
      expect(f).toEqual({ value: null, reason: 'no valid SpO2 reading' })
    }
    for (const label of ['ODI3', 'ODI4', 'T90', 'CT90', 'Nadir SpO2', 'Mean SpO2', 'Mean pulse rate']) {
      expect(row(html, label)).toMatch(/^no data \(no (valid SpO2|pulse-rate) reading\)$/)
    }
    expect(html).toContain('No figures: no valid SpO2 reading')
    expect(html).not.toMatch(/<td>0(\.0)? ?(\/h|%|min)/)
    // The hourly table: every figure cell of both hours reads "no data".
    const cells = [...html.matchAll(/<tr data-hour="\d"><td>[^<]*<\/td><td>0<\/td>(.*?)<\/tr>/g)].map((m) => m[1])
    expect(cells).toHaveLength(2)
    for (const c of cells) expect(c?.match(/>no data</g)).toHaveLength(8)
  })

  it('too little valid time gives no figures either, with spo2’s threshold in the reason', () => {
    // 5 valid minutes in an hour: under spo2's 10-minute minimum, so an index would be chance.
    const { report, html } = render(
      secondsOf(
        3600,
        (i) => (i < 300 ? 95 : null),
        () => 60,
      ),
    )
    expect(report.figures.odi3.value).toBeNull()
    expect(report.figures.odi3.reason).toMatch(/fewer than 600 s/)
    expect(row(html, 'ODI3')).toMatch(/^no data \(/)
    // The pulse rate was recorded all along, so its statistics stand.
    expect(row(html, 'Mean pulse rate')).toBe('60 /min')
  })

  it('an empty recording renders a page that says so', () => {
    const { html } = render([])
    expect(html).toContain('Span: no samples')
    expect(row(html, 'ODI3')).toBe('no data (no samples to analyse)')
    expect(html).not.toContain('NaN')
  })
})
