// Real headless Chromium with a navigator.serial shim on real ReadableStream/WritableStream (Chromium
// has no Web Serial emulation), a page loading an esbuild bundle of src/web-serial, Contec V7 frames.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { ContecV7RealTime } from '../../src/protocols/contec/contec-v7-records.js'
import { encodeContecV7 } from '../../src/protocols/contec/contec-v7-encode.js'
import { deviceProfile } from '../../src/device-registry.js'
import { type BrowserHarness, bundleEntry, launchHarness } from './chromium-harness.js'
import { WEB_SERIAL_PAGE, WEB_SERIAL_SHIM } from './web-serial-shim.js'

type PageHarness = {
  samples: Array<{ spo2: number | null; pulseRate: number | null; clock: string }>
  states: string[]
  diagnostics: number[]
  completed: boolean
  failed?: { _tag: string }
  connect(protocol: string, reconnect?: object, orThrow?: boolean): Promise<any>
  openExisting(protocol: string, orThrow?: boolean): Promise<any>
  failOpens(n: number): void
  push(b64: string): void
  unplug(): void
  port(): { opens: number; closes: number }
  close(): Promise<void>
}
declare const harness: PageHarness

const realTime = (spo2: number, pulseRate: number): ContecV7RealTime => ({
  _tag: 'ContecV7RealTime',
  signalStrength: 6,
  searchingTooLong: false,
  lowSpo2: false,
  pulseBeep: false,
  probeError: spo2 === 127,
  pleth: 70,
  searchingPulse: false,
  barGraph: 5,
  piInvalid: false,
  reservedBits: 0,
  pulseRate,
  spo2,
  perfusionIndexRaw: 250,
})

let h: BrowserHarness
const writes: Uint8Array[] = []

beforeAll(async () => {
  h = await launchHarness(WEB_SERIAL_PAGE, await bundleEntry('web-serial/index.ts'), async (context) => {
    await context.exposeFunction(
      '__serialWrite',
      (b64: string) => void writes.push(new Uint8Array(Buffer.from(b64, 'base64'))),
    )
    await context.addInitScript(WEB_SERIAL_SHIM)
  })
}, 60_000)
afterAll(async () => {
  await h?.close()
})
afterEach(async () => {
  await h.page.evaluate(() => (harness as any).oximeter && harness.close().catch(() => undefined))
  writes.length = 0
  await h.page.reload()
  await h.page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
})

const b64 = (bytes: number[] | Uint8Array) => Buffer.from(bytes).toString('base64')
const state = () =>
  h.page.evaluate(() => ({
    samples: harness.samples,
    states: harness.states,
    diagnostics: harness.diagnostics,
    completed: harness.completed,
    failed: harness.failed,
  }))
const waitFor = (f: () => Promise<boolean>) => expect.poll(f, { timeout: 10_000 }).toBe(true)

describe('requestSerialOximeter in real Chromium (navigator.serial shim)', () => {
  it('opens with the registry’s line settings, sends start commands, decodes split frames and garbage', async () => {
    const contec = deviceProfile('contec-v7')
    const result = await h.page.evaluate(() => harness.connect('contec-v7'))
    expect(result).toMatchObject({
      ok: true,
      device: { id: `usb:${0x10c4}:${0xea60}` },
      options: { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' },
    })
    await waitFor(async () => writes.length >= contec.commands.start.length)
    expect(writes.slice(0, 2).map((w) => Array.from(w))).toEqual(contec.commands.start.map((c) => Array.from(c.bytes)))

    const sent = Array.from({ length: 40 }, (_, i) => (i === 10 ? realTime(127, 255) : realTime(92 + (i % 6), 65 + i)))
    const stream = sent.flatMap((f, i) => [...(i === 25 ? [0x99, 0x98] : []), ...encodeContecV7(f)])
    for (let at = 0, size = 1; at < stream.length; at += size, size = (size % 11) + 2)
      await h.page.evaluate((chunk) => harness.push(chunk), b64(stream.slice(at, at + size)))
    await waitFor(async () => (await state()).samples.length === 40)
    const s = await state()
    expect(s.samples.map((x) => [x.spo2, x.pulseRate])).toEqual(
      sent.map((f, i) => (i === 10 ? [null, null] : [f.spo2, f.pulseRate])),
    )
    expect(s.diagnostics.reduce((a, b) => a + b, 0)).toBe(2)

    await h.page.evaluate(() => harness.close())
    expect(Array.from(writes.at(-1)!)).toEqual(Array.from(contec.commands.stop[0]!.bytes))
    expect(await h.page.evaluate(() => harness.port())).toEqual({ opens: 1, closes: 1 })
    expect((await state()).completed).toBe(true)
  })

  it('a lost adapter: reopens with backoff, the framer restarts, samples continue', async () => {
    await h.page.evaluate(() => harness.connect('contec-v7', { initialDelayMs: 30, maxAttempts: 3 }))
    const frame = Array.from(encodeContecV7(realTime(97, 61)))
    await h.page.evaluate((c) => harness.push(c), b64([...frame, ...frame.slice(0, 4)])) // a half frame, then unplug
    await waitFor(async () => (await state()).samples.length === 1)
    await h.page.evaluate(() => harness.unplug())
    await waitFor(async () => (await state()).states.filter((x) => x === 'connected').length === 2)
    await h.page.evaluate((c) => harness.push(c), b64(encodeContecV7(realTime(94, 66))))
    await waitFor(async () => (await state()).samples.length === 2)
    const s = await state()
    expect(s.states).toEqual(['connected', 'disconnected', 'reconnecting', 'connected'])
    expect(s.samples.map((x) => [x.spo2, x.pulseRate])).toEqual([
      [97, 61],
      [94, 66],
    ])
  })

  it('every reopen fails → ConnectionLost on samples$', async () => {
    await h.page.evaluate(() => harness.connect('contec-v7', { initialDelayMs: 20, maxAttempts: 2 }))
    await h.page.evaluate(() => {
      ;(window as any).__serialShim.failOpens = 5
      harness.unplug()
    })
    await waitFor(async () => (await state()).failed !== undefined)
    expect((await state()).failed).toMatchObject({ _tag: 'ConnectionLost', attempts: 2 })
  })

  it('chooser cancelled → UserCancelled; a Bluetooth-only protocol → Unsupported listing serial protocols', async () => {
    await h.page.evaluate(() => ((window as any).__serialShim.cancelNext = true))
    expect(await h.page.evaluate(() => harness.connect('contec-v7'))).toMatchObject({
      ok: false,
      error: { _tag: 'UserCancelled' },
    })
    const result = await h.page.evaluate(() => harness.connect('plx-continuous'))
    expect(result).toMatchObject({ ok: false, error: { _tag: 'Unsupported' } })
    expect(result.error.message).toMatch(/no serial transport; serial protocols: .*contec-v7/)
    expect(result.thrown).toBeUndefined() // a Left, not a rejection
  })

  it('requestSerialOximeterOrThrow: resolves to a streaming connection; a cancelled chooser rejects with an OpenwardError', async () => {
    expect(await h.page.evaluate(() => harness.connect('contec-v7', undefined, true))).toMatchObject({ ok: true })
    await h.page.evaluate((c) => harness.push(c), b64(encodeContecV7(realTime(96, 70))))
    await waitFor(async () => (await state()).samples.length === 1)
    expect((await state()).samples.map((x) => [x.spo2, x.pulseRate])).toEqual([[96, 70]])

    await h.page.evaluate(() => ((window as any).__serialShim.cancelNext = true))
    expect(await h.page.evaluate(() => harness.connect('contec-v7', undefined, true))).toMatchObject({
      ok: false,
      thrown: 'OpenwardError',
      error: { _tag: 'UserCancelled' },
    })
  })

  it('openSerialPortOximeter: a port that cannot open is a Left TransportFailure (OrThrow: a rejection); then it opens', async () => {
    await h.page.evaluate(() => harness.connect('contec-v7'))
    await h.page.evaluate(() => harness.close())
    await h.page.evaluate(() => harness.failOpens(1))
    const failed = await h.page.evaluate(() => harness.openExisting('contec-v7'))
    expect(failed).toMatchObject({ ok: false, error: { _tag: 'TransportFailure', operation: 'open serial port' } })
    expect(failed.thrown).toBeUndefined()
    await h.page.evaluate(() => harness.failOpens(1))
    expect(await h.page.evaluate(() => harness.openExisting('contec-v7', true))).toMatchObject({
      ok: false,
      thrown: 'OpenwardError',
      error: { _tag: 'TransportFailure', operation: 'open serial port' },
    })
    expect(await h.page.evaluate(() => harness.openExisting('contec-v7'))).toMatchObject({ ok: true })
    expect(await h.page.evaluate(() => harness.port())).toEqual({ opens: 2, closes: 1 })
  })
})
