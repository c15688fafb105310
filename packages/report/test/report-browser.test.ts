import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { makeSample, type OximetrySample } from '@openward/core'
import { importViatomO2File } from '@openward/oximeter'
import { CHROMIUM_PATH, launchChromium } from '@openward/testing'
import * as E from 'fp-ts/lib/Either.js'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { overnightReport, renderOvernightReportHtml } from '../src/index.js'

const shared = (path: string) => fileURLToPath(new URL(`../../../../shared/data/${path}`, import.meta.url))
const o2ringFile = shared('captures/viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin')
const physiozooFile = shared('spo2/physiozoo_304_overnight_1hz.csv')

/** The 7.7 h PhysioZoo night: `t_seconds,spo2` rows, so times since the start and no date. */
function physiozooSamples(): OximetrySample[] {
  return readFileSync(physiozooFile, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [t, spo2] = line.split(',').map(Number)
      return makeSample({
        timeMs: t! * 1000,
        clock: 'recording',
        spo2: spo2! > 0 ? spo2! : null,
        pulseRate: null,
        provenance: { protocol: 'csv' },
      })
    })
}

/** The O2Ring's stored night (2025-03-06 22:20:56 local, 4 s records). March: the UK is on GMT. */
function o2ringSamples(): readonly OximetrySample[] {
  const imported = importViatomO2File(new Uint8Array(readFileSync(o2ringFile)), { utcOffsetMinutes: 0 })
  if (E.isLeft(imported)) throw new Error(imported.left.message)
  return imported.right.samples
}

function writeReport(dir: string, name: string, samples: readonly OximetrySample[]): string {
  const report = overnightReport({ samples, sourceName: name }, { timeZone: 'Europe/London' })
  if (E.isLeft(report)) throw new Error(report.left.message)
  const path = join(dir, `${name}.html`)
  writeFileSync(path, renderOvernightReportHtml(report.right, { clock: { now: () => Date.UTC(2026, 11, 7) } }))
  return path
}

/** Opens the page with every non-file request recorded and refused (the report must fetch nothing). */
async function open(browser: Browser, path: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } })
  const requests: string[] = []
  await page.route(
    (url) => url.protocol !== 'file:',
    async (route) => {
      requests.push(route.request().url())
      await route.abort()
    },
  )
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url())
  })
  await page.goto(pathToFileURL(path).href)
  await page.waitForSelector('#zoom-spo2 canvas')
  return { page, requests }
}

const view = async (page: Page) =>
  page.locator('#zoom').evaluate((el) => [Number(el.dataset.viewStartMs), Number(el.dataset.viewEndMs)])

/** The time-axis labels uPlot drew on the panel's canvas (the chart keeps them in `data-x-ticks`). */
const axisLabels = async (page: Page, panel: string): Promise<string[]> =>
  JSON.parse((await page.locator(`${panel} .uplot`).getAttribute('data-x-ticks')) ?? '[]') as string[]

// Real headless Chromium (Debian's build; .ci/run installs it). Nothing downloads a browser.
describe.runIf(existsSync(CHROMIUM_PATH) || process.env.CI === 'true')('the overnight report in a real browser', () => {
  let browser: Browser
  const dir = mkdtempSync(join(tmpdir(), 'ow-report-browser-'))
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser.close()
  })

  it('O2Ring night: clock-time axis in Europe/London, the hourly table, zoom by buttons and by dragging, nothing fetched', async () => {
    const samples = o2ringSamples()
    const { page, requests } = await open(browser, writeReport(dir, 'o2ring', samples))
    try {
      // 22:20:56 to 07:02:04 GMT (7,818 records × 4 s): hourly ticks, the first named GMT (March: no BST).
      const ticks = await axisLabels(page, '#zoom-spo2')
      expect(ticks).toEqual(['23:00 GMT', '00:00', '01:00', '02:00', '03:00', '04:00', '05:00', '06:00', '07:00'])

      // The hourly table: 31,272 s of recording make 9 rows, the first from 22:20 GMT.
      const rows = page.locator('table.hourly tbody tr')
      expect(await rows.count()).toBe(Math.floor((samples.at(-1)!.timeMs - samples[0]!.timeMs) / 3_600_000) + 1)
      const first = await rows.first().locator('td').allInnerTexts()
      expect(first[0]).toBe('22:20 GMT–23:20')
      // Mean and minimum SpO2 of the first hour within the device's own range for this night (87–99 %).
      const [mean, min] = [Number(first[4]), Number(first[5])]
      expect(min).toBeGreaterThanOrEqual(87)
      expect(mean).toBeGreaterThanOrEqual(min)
      expect(mean).toBeLessThanOrEqual(99)
      // Pulse rate (the export's range is 49–99 /min).
      expect(Number(first[7])).toBeGreaterThanOrEqual(49)
      expect(Number(first[9])).toBeLessThanOrEqual(99)

      // Zoom: the whole night first; "Zoom in" halves the range around its middle.
      const whole = await view(page)
      expect(whole[0]).toBe(samples[0]!.timeMs)
      expect(whole[1]).toBe(samples.at(-1)!.timeMs)
      await page.getByRole('button', { name: 'Zoom in' }).click()
      const zoomed = await view(page)
      expect(zoomed[1]! - zoomed[0]!).toBeCloseTo((whole[1]! - whole[0]!) / 2, -4)
      const zoomedTicks = await axisLabels(page, '#zoom-spo2')
      expect(zoomedTicks).not.toEqual(ticks)
      await page.getByRole('button', { name: 'Later ▶' }).click()
      const later = await view(page)
      expect(later[0]).toBeGreaterThan(zoomed[0]!)
      // The pulse-rate panel follows the SpO2 panel.
      const prTicks = await axisLabels(page, '#zoom-pr')
      expect(prTicks).toEqual(await axisLabels(page, '#zoom-spo2'))
      await page.getByRole('button', { name: 'Whole night' }).click()
      expect(await view(page)).toEqual(whole)

      // Drag across the middle fifth of the SpO2 panel: the view becomes about that fifth.
      const over = await page.locator('#zoom-spo2 .u-over').boundingBox()
      if (over === null) throw new Error('no plot area')
      const y = over.y + over.height / 2
      // Hovering shows the reading under the cursor in the legend (below the plot), in both panels.
      const legendValue = (panel: string) => page.locator(`${panel} .u-legend .u-series`).nth(1).locator('.u-value')
      expect(await legendValue('#zoom-spo2').innerText()).toBe('')
      await page.mouse.move(over.x + over.width * 0.3, y)
      expect(await legendValue('#zoom-spo2').innerText()).toMatch(/^(\d{2,3} %|no reading)$/)
      expect(await legendValue('#zoom-pr').innerText()).toMatch(/^(\d{2,3} \/min|no reading)$/)
      await page.mouse.move(over.x + over.width * 0.4, y)
      await page.mouse.down()
      await page.mouse.move(over.x + over.width * 0.5, y, { steps: 5 })
      await page.mouse.move(over.x + over.width * 0.6, y, { steps: 5 })
      await page.mouse.up()
      const dragged = await view(page)
      const fifth = (whole[1]! - whole[0]!) / 5
      expect(dragged[1]! - dragged[0]!).toBeGreaterThan(fifth * 0.8)
      expect(dragged[1]! - dragged[0]!).toBeLessThan(fifth * 1.2)
      expect(dragged[0]).toBeGreaterThan(whole[0]! + fifth * 1.6)

      await page.getByRole('button', { name: 'Whole night' }).click()
      await page.screenshot({ path: join(dir, 'o2ring-report.png'), fullPage: true })

      // Printed on A4 (210 mm less two 14 mm margins = 182 mm = 688 CSS px): nothing wider than the page.
      await page.setViewportSize({ width: 688, height: 1000 })
      await page.emulateMedia({ media: 'print' })
      const widths = await page.locator('html').evaluate((root) => ({
        page: root.clientWidth,
        scroll: root.scrollWidth,
        tables: [...root.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right),
      }))
      expect(widths.scroll).toBeLessThanOrEqual(widths.page)
      for (const right of widths.tables) expect(right).toBeLessThanOrEqual(widths.page)
      await page.screenshot({ path: join(dir, 'o2ring-print.png'), fullPage: true })
      expect(requests).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('7.7 h night without a date: elapsed-time axis, "date unknown", every hour in the table, print shows the SVG', async () => {
    const samples = physiozooSamples()
    const { page, requests } = await open(browser, writeReport(dir, 'physiozoo-304', samples))
    try {
      const ticks = await axisLabels(page, '#zoom-spo2')
      expect(ticks[0]).toBe('+0:00')
      for (const t of ticks) expect(t).toMatch(/^\+\d:[0-5]\d$/)
      const text = await page.locator('body').innerText()
      expect(text).toContain('date unknown')
      expect(text).not.toContain('1970')
      // 27,7xx s: 8 hourly rows from +0:00, the last one short.
      const hours = Math.floor(samples.at(-1)!.timeMs / 3_600_000) + 1
      const rows = page.locator('table.hourly tbody tr')
      expect(await rows.count()).toBe(hours)
      expect((await rows.first().locator('td').allInnerTexts())[0]).toBe('+0:00–+1:00')
      // No pulse rate in this file: said so, and never shown as 0.
      expect(await page.locator('#zoom-pr-none').isVisible()).toBe(true)
      expect((await rows.first().locator('td').allInnerTexts())[7]).toBe('no data')

      // Every event is listed (this night has hundreds), none cut.
      const report = overnightReport({ samples })
      if (E.isLeft(report)) throw new Error(report.left.message)
      expect(await page.locator('details.events-list tr[data-row="event"]').count()).toBe(
        report.right.summary.events3.length,
      )

      // Labels outside the plot: every SVG tick and legend line lies below the plot area.
      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('#trace svg').isVisible()).toBe(true)
      expect(await page.locator('#zoom').isVisible()).toBe(false)
      const plot = await page.locator('#trace rect[data-plot-area]').boundingBox()
      const labels = await page
        .locator('#trace text.axis[data-tick], #trace text.legend')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top))
      expect(labels.length).toBeGreaterThan(3)
      for (const top of labels) expect(top).toBeGreaterThanOrEqual(plot!.y + plot!.height)
      // Print to A4: the complete event list is expanded on paper.
      expect(await page.locator('details.events-list tr[data-row="event"]').last().isVisible()).toBe(true)
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true })
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      await page.emulateMedia({ media: 'screen' })

      await page.screenshot({ path: join(dir, 'physiozoo-report.png'), fullPage: true })
      expect(requests).toEqual([])
    } finally {
      await page.close()
    }
  })
})
