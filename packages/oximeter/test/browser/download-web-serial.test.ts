// Real headless Chromium, the navigator.serial shim on real streams (Chromium has no Web Serial
// emulation), and the Contec V7 device emulator serving real stored sessions
// (../shared/data/captures/contec-spo2-files) to downloadContecV7Sessions over webSerialLink.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { hasCaptures, readCapture } from '../shared-captures.js'
import { contecV7Device, readSpo2File } from '../download/contec-devices.js'
import type { PtyPair } from '../support/socat-pty.js'
import { until } from '../support/socat-pty.js'
import { type BrowserHarness, bundleEntry, launchHarness } from './chromium-harness.js'
import { WEB_SERIAL_SHIM } from './web-serial-shim.js'

// The reply deadline is 1.5 s, as in the Bluetooth download test: the emulated device answers through
// page.evaluate round trips from Node, which a loaded CI machine can stall past a 400 ms deadline
// (an extra attempt, failing `attempts` 2).
const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module">
import * as sdk from '/sdk.js'
window.harness = {
  async download() {
    const port = await navigator.serial.requestPort()
    const link = await sdk.openWebSerialLinkOrThrow(port, { baudRate: 115200 })
    const phases = []
    const r = await sdk.downloadContecV7Sessions(link, { replyTimeoutMs: 1500, retryDelayMs: 10, onProgress: (p) => phases.push(p.phase) })()
    await link.close()
    if (r._tag === 'Left') return { ok: false, error: { ...r.left }, phases }
    return { ok: true, phases, sessions: r.right.map((s) => ({ id: s.id, attempts: s.attempts, startTimeMs: s.startTimeMs, values: s.samples.map((x) => [x.spo2, x.pulseRate]) })) }
  },
  push(b64) { window.__serialShim.ports[0].push(b64) },
  unplug() { window.__serialShim.ports[0].unplug() },
  opens() { return window.__serialShim.ports[0].opens },
  async openFailing() {
    window.__serialShim.failOpens = 3
    const port = await navigator.serial.requestPort()
    const left = await sdk.openWebSerialLink(port, { baudRate: 115200 })()
    const thrown = await sdk.openWebSerialLinkOrThrow(port, { baudRate: 115200 }).then(() => 'resolved', (e) => e.name + ':' + e.error?._tag)
    const old = await sdk.webSerialLink(port, { baudRate: 115200 }).then(() => 'resolved', (e) => e.name)
    const right = await sdk.openWebSerialLink(port, { baudRate: 115200 })()
    if (right._tag === 'Right') await right.right.close()
    return { left: left._tag === 'Left' ? { ...left.left } : left._tag, thrown, old, right: right._tag }
  },
}
window.ready = true
</script></body></html>`

type Result = {
  ok: boolean
  error?: { _tag: string }
  phases: string[]
  sessions?: Array<{ id: string; attempts: number; startTimeMs: number; values: Array<[number | null, number | null]> }>
}
declare const harness: {
  download(): Promise<Result>
  push(b64: string): void
  unplug(): void
  opens(): number
  openFailing(): Promise<{ left: unknown; thrown: string; old: string; right: string }>
}

let h: BrowserHarness
const writes: number[] = []
beforeAll(async () => {
  h = await launchHarness(PAGE, await bundleEntry('download/index.ts'), async (context) => {
    await context.exposeFunction('__serialWrite', (b64: string) => void writes.push(...Buffer.from(b64, 'base64')))
    await context.addInitScript(WEB_SERIAL_SHIM)
  })
}, 60_000)
afterAll(async () => {
  await h?.close()
})

/** The device end of the shimmed port, shaped like the pty pair the emulator drives. */
const devicePort = (): PtyPair =>
  ({
    write: (bytes: Uint8Array) =>
      h.page.evaluate((b64) => harness.push(b64), Buffer.from(bytes).toString('base64')).catch(() => undefined),
    received: () => Uint8Array.from(writes),
  }) as unknown as PtyPair

const nullIf = (v: number, sentinel: number) => (v === sentinel || v === 0 ? null : v)

describe.skipIf(!hasCaptures)('Contec V7 storage download over Web Serial (real Chromium, serial shim)', () => {
  const night = readSpo2File(readCapture('contec-spo2-files/contec_openpsg_session.SpO2'))
  const expected = night.readings.map(([o, p]) => [nullIf(o, 127), nullIf(p, 255)])

  it('downloads the real stored night; unplugged mid-transfer, it reopens the port and restarts the segment', async () => {
    const device = contecV7Device(devicePort(), [night])
    const pending = h.page.evaluate(() => harness.download())
    await until(() => device.transfers() >= 1, 10_000)
    await new Promise((r) => setTimeout(r, 40))
    await h.page.evaluate(() => harness.unplug())
    const result = await pending
    device.stop()
    expect(result.ok, JSON.stringify(result.error)).toBe(true)
    const session = result.sessions![0]!
    expect(session.values).toEqual(expected)
    expect(session.startTimeMs).toBe(Date.UTC(2024, 9, 13, 23, 22, 52))
    expect(session.attempts).toBe(2)
    expect(result.phases).toContain('resuming')
    expect(await h.page.evaluate(() => harness.opens())).toBe(2)
  }, 60_000)
})

describe('opening a Web Serial download link (real Chromium, serial shim)', () => {
  it('a port that will not open: openWebSerialLink resolves to Left DownloadLinkFailure, the OrThrow twin rejects with an OpenwardError, the deprecated webSerialLink still rejects with LinkDropped', async () => {
    const result = await h.page.evaluate(() => harness.openFailing())
    expect(result).toEqual({
      left: {
        _tag: 'DownloadLinkFailure',
        operation: 'open the serial port',
        cause: 'NetworkError: Failed to open serial port.',
        message: 'open the serial port failed: NetworkError: Failed to open serial port.',
      },
      thrown: 'OpenwardError:DownloadLinkFailure',
      old: 'LinkDropped',
      right: 'Right',
    })
  }, 60_000)
})
