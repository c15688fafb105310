// 1,000 patients updating at 1 Hz on one board in headless Chromium: frame times (Performance API)
// and JS heap growth over a short window (WINDOW_MS, 20 s by default so CI stays fast; set
// WARD_BOARD_WINDOW_MS=600000 for the 10-minute run). Real nats-server, real worker, real recordings.
import { mkdirSync } from 'node:fs'
import { loadavg } from 'node:os'

import { launchChromium } from '@openward/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type LocalWard, startLocalWard } from '../src/node/local-ward.js'

const WINDOW_MS = Number(process.env.WARD_BOARD_WINDOW_MS ?? 20_000)
const SHOTS = new URL('../out/', import.meta.url).pathname

let setup: LocalWard
let browser: Browser
let page: Page

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  setup = await startLocalWard({ wards: [{ tenant: 'big', patients: 1_000, workers: 1 }], staleAfterMs: 30_000 })
  browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc'])
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
  await page.goto(setup.wards[0]!.url)
  await page.waitForSelector('#link[data-state="live"]', { timeout: 30_000 })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await setup?.stop()
})

const pct = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN
}

describe('ward board with 1,000 patients at 1 Hz', () => {
  it(
    'shows all 1,000, keeps frames short and the heap flat over the window',
    async () => {
      await expect.poll(() => page.locator('li.card').count(), { timeout: 30_000 }).toBe(1_000)
      // Warm up: let the first full sort and layout settle.
      await new Promise((r) => setTimeout(r, 3_000))
      const heap = () =>
        page.evaluate(() => {
          ;(globalThis as unknown as { gc?: () => void }).gc?.()
          return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize
        })
      const heapStart = await heap()
      const samplesStart = setup.wards[0]!.feed.stats().rounds
      const result = await page.evaluate(async (windowMs) => {
        const view = (
          window as unknown as { board: { view: { frameWorkMs: number[]; reorderMs: number[]; catchUpMs: number[] } } }
        ).board.view
        view.frameWorkMs.length = 0
        view.reorderMs.length = 0
        view.catchUpMs.length = 0
        const intervals: number[] = []
        const longTasks: number[] = []
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) longTasks.push(e.duration)
        }).observe({ type: 'longtask', buffered: false })
        let last = performance.now()
        const end = last + windowMs
        await new Promise<void>((resolve) => {
          const frame = (t: number) => {
            intervals.push(t - last)
            last = t
            if (t < end) requestAnimationFrame(frame)
            else resolve()
          }
          requestAnimationFrame(frame)
        })
        return {
          intervals,
          work: [...view.frameWorkMs],
          reorder: [...view.reorderMs],
          catchUp: [...view.catchUpMs],
          longTasks,
        }
      }, WINDOW_MS)
      const heapEnd = await heap()
      const rounds = setup.wards[0]!.feed.stats().rounds - samplesStart
      const numbers = {
        windowMs: WINDOW_MS,
        feedRounds: rounds,
        renderWorkP50Ms: pct(result.work, 0.5),
        renderWorkP95Ms: pct(result.work, 0.95),
        renderWorkMaxMs: Math.max(...result.work),
        reorderP95Ms: pct(result.reorder, 0.95),
        // From a change being scheduled to every card written (the frame budget spreads the work).
        catchUpP95Ms: pct(result.catchUp, 0.95),
        frameIntervalP50Ms: pct(result.intervals, 0.5),
        frameIntervalP95Ms: pct(result.intervals, 0.95),
        longTasks: result.longTasks.length,
        heapStartMB: +(heapStart / 1e6).toFixed(1),
        heapEndMB: +(heapEnd / 1e6).toFixed(1),
        gcExposed: await page.evaluate(() => typeof (globalThis as unknown as { gc?: unknown }).gc === 'function'),
        loadAverage1m: +loadavg()[0]!.toFixed(1),
      }
      console.info(`board-1000: ${JSON.stringify(numbers)}`)
      await page.screenshot({ path: `${SHOTS}board-1000.png` })
      // The feed really ran at about 1 Hz during the window (else the numbers say nothing).
      expect(rounds).toBeGreaterThanOrEqual(Math.floor((WINDOW_MS / 1000) * 0.7))
      // Goal p95 < 16 ms of the board's own work per frame. The bound asserted leaves room for a
      // loaded 2-core CI machine (load average 20+ while measuring here) and still fails on the
      // first version's whole-board rewrite every second (p95 500 ms); the README has the numbers.
      expect(numbers.renderWorkP95Ms).toBeLessThan(100)
      // No growth beyond noise: a leak of one object per sample would add far more than 20 MB.
      expect(heapEnd - heapStart).toBeLessThan(20e6)
    },
    WINDOW_MS + 100_000,
  )
})
