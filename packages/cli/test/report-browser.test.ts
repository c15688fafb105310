import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { CHROMIUM_PATH, launchChromium } from '@openward/testing'
import { describe, expect, it } from 'vitest'

import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const overnight = fileURLToPath(
  new URL('../../../../shared/data/spo2/physiozoo_304_overnight_1hz.csv', import.meta.url),
)
const screenshots = fileURLToPath(new URL('../../../out/screenshots/', import.meta.url))

// Real headless Chromium (Debian's build; .ci/run installs it). Nothing downloads a browser.
describe.runIf(existsSync(CHROMIUM_PATH) || process.env.CI === 'true')('the report in a real browser', () => {
  it('renders the zoomable chart on screen and, for print, the trace, the alert and event spans and the histogram', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-browser-'))
    expect(await main(['report', overnight, '-o', 'night.html'], captureIo('', dir).io)).toBe(0)
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } })
      const requests: string[] = []
      page.on('request', (r) => requests.push(r.url()))
      await page.goto(pathToFileURL(join(dir, 'night.html')).href)
      // On screen: the zoomable canvas chart (uPlot, inline).
      expect(await page.locator('#zoom-spo2 canvas').count()).toBeGreaterThan(0)
      // In print, the static SVG trace takes its place (canvas prints poorly).
      await page.emulateMedia({ media: 'print' })
      const trace = await page.locator('path[data-series="spo2"]').boundingBox()
      expect(trace?.width).toBeGreaterThan(500)
      expect(trace?.height).toBeGreaterThan(50)
      const alertBoxes = await page
        .locator('rect[data-span="alert"]')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width))
      expect(alertBoxes.length).toBeGreaterThan(0)
      expect(Math.min(...alertBoxes)).toBeGreaterThan(0)
      expect(await page.locator('rect[data-span="event"]').count()).toBeGreaterThan(50)
      expect(await page.locator('#histogram rect.hist-bar').count()).toBeGreaterThan(10)
      // Self-contained: the page asked for nothing but itself.
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([])
      mkdirSync(screenshots, { recursive: true })
      await page.screenshot({ path: join(screenshots, 'overnight-report.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  })
})
