// End to end in real headless Chromium (Debian /usr/bin/chromium through playwright-core, never a
// downloaded browser): the bundled page pairs an emulated PLX oximeter and shows what it sends.
import { type MedicalFloat, encodePlxContinuous, medicalFloat } from '@openward/oximeter'
import { launchChromium } from '@openward/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { servePage } from '../scripts/page-server.js'
import { autoSelectFirstDevice, FakePlxOximeter, PLX_CONTINUOUS, PLX_SERVICE } from './fake-plx-oximeter.js'

const NAN = { _tag: 'NoValue', reason: 'nan' } as MedicalFloat
const plx = (spo2: MedicalFloat, pulseRate: MedicalFloat) =>
  encodePlxContinuous({ _tag: 'PlxContinuous', normal: { spo2, pulseRate }, reservedFlags: 0, trailingBytes: 0 })

let server: Awaited<ReturnType<typeof servePage>>
let browser: Browser
let page: Page
let device: FakePlxOximeter

beforeAll(async () => {
  server = await servePage(0)
  browser = await launchChromium()
  page = await (await browser.newContext()).newPage()
  // Shortened detector timings so the test runs in seconds (defaults: 15 s persistence, 30 s staleness).
  await page.goto(`${server.origin}/?persistMs=1000&staleAfterMs=1500`)
  const pageSession = await page.context().newCDPSession(page)
  await pageSession.send('DeviceAccess.enable' as never)
  autoSelectFirstDevice(pageSession)
  device = new FakePlxOximeter(await browser.newBrowserCDPSession())
  await device.install()
}, 60_000)
afterAll(async () => {
  await device?.uninstall().catch(() => undefined)
  await browser?.close()
  await server?.close()
})

/** Delivers `n` queued values: each page-side read is answered by the fake with the next one. */
async function deliver(n: number, gapMs = 0): Promise<void> {
  await page.evaluate(
    async ([service, characteristic, count, gap]) => {
      const [d] = await navigator.bluetooth.getDevices()
      const c = await (await d!.gatt!.getPrimaryService(service)).getCharacteristic(characteristic)
      for (let i = 0; i < count; i++) {
        await c.readValue()
        if (gap > 0) await new Promise((r) => setTimeout(r, gap))
      }
    },
    [PLX_SERVICE, PLX_CONTINUOUS, n, gapMs] as const,
  )
}
const text = (id: string) => page.locator(`#${id}`).innerText()
// How long the page may take to show what a delivered reading changed. expect.poll's default (1 s)
// is a deadline a loaded CI machine can miss between CDP round trips; this is a wait, not a timing claim.
const UPDATE_MS = 10_000

describe('web-bluetooth-monitor page in headless Chromium with an emulated PLX oximeter', () => {
  it('pairs, shows live values, raises an urgent alert, shows a lost reading as --, goes stale, reconnects', async () => {
    expect(await text('connection')).toBe('not connected')
    await page.click('#connect')
    await expect.poll(() => text('connection'), { timeout: 10_000 }).toBe('connected')
    expect(await text('device')).toBe('PLX-FAKE (plx-continuous)')
    expect(device.operations).toContain('subscribe-to-notifications:2a5f')

    // Two normal readings: the page shows the last one.
    device.queue(plx(medicalFloat(975, -1), medicalFloat(62, 0)), plx(medicalFloat(96, 0), medicalFloat(64, 0)))
    await deliver(2)
    await expect.poll(() => text('spo2'), { timeout: UPDATE_MS }).toBe('96')
    expect(await text('pulse-rate')).toBe('64')
    // 1.5 s after the last reading the level's text gains "(not current)", and on a loaded machine
    // this read can come that late; staleness itself is checked below.
    expect(await text('level')).toMatch(/^normal( \(not current\))?$/)

    // 91 % (urgent band, ≤ 92) held for longer than the 1 s persistence: escalation to urgent.
    device.queue(...Array.from({ length: 8 }, () => plx(medicalFloat(91, 0), medicalFloat(88, 0))))
    await deliver(8, 200)
    await expect.poll(() => page.locator('#level').getAttribute('data-level'), { timeout: UPDATE_MS }).toBe('urgent')
    expect(await text('spo2')).toBe('91')
    // Any entry, not the first: a "no valid reading" entry may already sit above it if this read came
    // more than 1.5 s after the last reading.
    expect(await page.locator('#log li').allInnerTexts()).toContainEqual(
      expect.stringMatching(/escalated normal → urgent \(SpO2 91 %\)/),
    )

    // The device sends "no value" (NaN): the page shows --, never the last good number.
    device.queue(plx(NAN, NAN))
    await deliver(1)
    await expect.poll(() => text('spo2'), { timeout: UPDATE_MS }).toBe('--')
    expect(await text('pulse-rate')).toBe('--')

    // No valid reading for 1.5 s: the level is marked as not current.
    await expect.poll(() => page.locator('#level').getAttribute('data-stale'), { timeout: 5_000 }).toBe('true')
    expect(await text('level')).toBe('urgent (not current)')
    expect(await page.locator('#log li').first().innerText()).toMatch(/no valid reading/)

    // Readings come back.
    device.queue(plx(medicalFloat(97, 0), medicalFloat(70, 0)))
    await deliver(1)
    await expect.poll(() => page.locator('#level').getAttribute('data-stale'), { timeout: UPDATE_MS }).toBe('false')
    expect(await text('spo2')).toBe('97')

    // The link drops: the page says so, the SDK reconnects and resubscribes, values flow again.
    await device.disconnect()
    await expect.poll(() => text('log'), { timeout: 10_000 }).toMatch(/connection reconnecting/)
    await expect.poll(() => text('connection'), { timeout: 10_000 }).toBe('connected')
    expect(await text('log')).toMatch(/connection disconnected/)
    device.queue(plx(medicalFloat(95, 0), medicalFloat(66, 0)))
    await deliver(1)
    await expect.poll(() => text('spo2'), { timeout: UPDATE_MS }).toBe('95')
    expect(await text('pulse-rate')).toBe('66')
  })
})
