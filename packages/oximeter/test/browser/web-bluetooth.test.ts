// Real headless Chromium + BluetoothEmulation: a fake PLX oximeter and a fake BerryMed, paired from a
// page that loads an esbuild bundle of src/web-bluetooth. One browser launch for the whole file.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { encodeBerrymed, type BerrymedFrame } from '../../src/protocols/berrymed/berrymed.js'
import { encodePlxContinuous } from '../../src/protocols/plx/plx-continuous.js'
import { encodeViatomO2, encodeViatomO2Sensors, type ViatomO2Sensors } from '../../src/protocols/viatom/viatom-o2.js'
import { encodeViatomO2Request, ViatomO2Command } from '../../src/protocols/viatom/viatom-o2-command.js'
import { encodePlxSpotCheck } from '../../src/protocols/plx/plx-spot-check.js'
import { medicalFloat, type MedicalFloat } from '../../src/protocols/plx/sfloat.js'
import { type BrowserHarness, bundleEntry, launchHarness } from './chromium-harness.js'
import { autoSelectDevice, FakePeripheral, type FakePeripheralSpec } from './fake-peripheral.js'
import { WEB_BLUETOOTH_PAGE } from './web-bluetooth-page.js'

const sig = (n: number) => `0000${n.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`
const PLX = sig(0x1822)
const CONTINUOUS = sig(0x2a5f)
const SPOT = sig(0x2a5e)
const FEATURES = sig(0x2a60)
const RACP = sig(0x2a52)
const ISSC = '49535343-fe7d-4ae5-8fa9-9fafd205e455'
const ISSC_NOTIFY = '49535343-1e4d-4bd9-ba61-23c647249616'
const NAN: MedicalFloat = { _tag: 'NoValue', reason: 'nan' } as MedicalFloat

const plxSpec: FakePeripheralSpec = {
  address: '09:09:09:09:09:01',
  name: 'PLX-FAKE',
  advertised: [PLX],
  services: [
    {
      uuid: PLX,
      characteristics: [
        { uuid: CONTINUOUS, properties: { notify: true } },
        { uuid: FEATURES, properties: { read: true } },
        { uuid: SPOT, properties: { indicate: true } },
        { uuid: RACP, properties: { write: true, indicate: true } },
      ],
    },
  ],
}
const berrySpec: FakePeripheralSpec = {
  address: '00:A0:50:00:00:02',
  name: 'BerryMed-01',
  advertised: [], // BerryMed does not advertise its service (SensorsIot#2)
  services: [{ uuid: ISSC, characteristics: [{ uuid: ISSC_NOTIFY, properties: { notify: true } }] }],
}

const O2 = '14839ac4-7d7e-415c-9a42-167340cf2339'
const O2_WRITE = '8b00ace7-eb0b-49b0-bbe9-9aee0a26e1a3'
const O2_NOTIFY = '0734594a-a8e7-4b1a-a6b1-cd5243059a57'
const o2Spec: FakePeripheralSpec = {
  address: '09:09:09:09:09:03',
  name: 'O2Ring 2200',
  advertised: [O2],
  services: [
    {
      uuid: O2,
      characteristics: [
        { uuid: O2_WRITE, properties: { write: true, writeWithoutResponse: true } },
        { uuid: O2_NOTIFY, properties: { notify: true } },
      ],
    },
  ],
}
const sensors = (spo2: number, pulseRate: number, fingerPresent = true): ViatomO2Sensors => ({
  spo2,
  pulseRate,
  batteryPercent: 80,
  chargingState: 0,
  motion: 0,
  pulseStrengthRaw: 30,
  fingerPresent,
})

const continuous = (spo2: MedicalFloat, pr: MedicalFloat) =>
  encodePlxContinuous({ _tag: 'PlxContinuous', normal: { spo2, pulseRate: pr }, reservedFlags: 0, trailingBytes: 0 })
const berry = (spo2: number, pulseRate: number): BerrymedFrame => ({
  _tag: 'BerrymedFrame',
  signalStrength: 4,
  noSignal: false,
  probeUnplugged: false,
  pulseBeep: false,
  pleth: 50,
  barGraph: 5,
  noFinger: false,
  pulseSearching: false,
  pulseRate,
  spo2,
})

type Harness = {
  samples: Array<{ spo2: number | null; pulseRate: number | null; provenance: { protocol: string } }>
  states: string[]
  records: string[]
  completed: boolean
  failed?: { _tag: string }
}
declare const harness: Harness & {
  oximeter?: unknown
  unhandled: string[]
  requestOptions(protocols: string[]): any
  requestOptionsOrThrow(protocols: string[]): any
  connect(protocols: string[], reconnect?: object, orThrow?: boolean): Promise<any>
  pump(service: string, characteristic: string, n: number): Promise<void>
  download(timeoutMs?: number, orThrow?: boolean): Promise<any>
  close(): Promise<void>
}

let h: BrowserHarness
let fake: FakePeripheral | undefined
let stopChooser: () => void = () => undefined

beforeAll(async () => {
  h = await launchHarness(WEB_BLUETOOTH_PAGE, await bundleEntry('web-bluetooth/index.ts'))
}, 60_000)
afterAll(async () => {
  await h?.close()
})
afterEach(async () => {
  stopChooser()
  await h.page.evaluate(() => harness.oximeter && harness.close().catch(() => undefined))
  await fake?.uninstall()
  fake = undefined
  await h.page.reload()
  await h.page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
})

async function pair(
  spec: FakePeripheralSpec,
  protocols: string[],
  setup?: (f: FakePeripheral) => void,
  orThrow = false,
) {
  fake = new FakePeripheral(h.browserSession, spec)
  await fake.install()
  setup?.(fake)
  stopChooser = autoSelectDevice(h.pageSession)
  return h.page.evaluate(([p, t]) => harness.connect(p, { initialDelayMs: 50, maxAttempts: 3 }, t), [
    protocols,
    orThrow,
  ] as const)
}
const waitFor = (f: () => boolean | Promise<boolean>, ms = 10_000) => expect.poll(f, { timeout: ms }).toBe(true)
const pageState = () =>
  h.page.evaluate((): Harness => ({
    samples: harness.samples,
    states: harness.states,
    records: harness.records,
    completed: harness.completed,
    ...(harness.failed ? { failed: harness.failed } : {}),
  }))

describe('requestOximeter in real Chromium with BluetoothEmulation', () => {
  it('builds filters and optionalServices from the registry', async () => {
    const options = await h.page.evaluate(() => harness.requestOptions(['plx-continuous', 'berrymed', 'viatom-o2']))
    expect(options).toEqual({
      _tag: 'Right',
      right: {
        filters: [
          { services: [PLX] },
          { namePrefix: 'BerryMed' },
          { services: ['14839ac4-7d7e-415c-9a42-167340cf2339'] },
          { namePrefix: 'O2Ring' },
          { namePrefix: 'Checkme' },
          { namePrefix: 'KidsO2' },
          { namePrefix: 'SleepU' },
        ],
        optionalServices: [PLX, ISSC, '14839ac4-7d7e-415c-9a42-167340cf2339'],
      },
    })
    // The OrThrow twin returns the same options.
    const same = await h.page.evaluate(() => harness.requestOptionsOrThrow(['plx-continuous', 'berrymed', 'viatom-o2']))
    expect(same).toEqual({ ok: true, options: options.right })
  })

  it('bluetoothRequestOptions: an unknown id, or one without Bluetooth, is a Left Unsupported; OrThrow throws it in an OpenwardError', async () => {
    const unknown = await h.page.evaluate(() => harness.requestOptions(['plx-continuous', 'acme-9000']))
    expect(unknown).toMatchObject({ _tag: 'Left', left: { _tag: 'Unsupported' } })
    expect(unknown.left.message).toMatch(/unknown protocol id "acme-9000"; known ids: plx-continuous/)
    const serialOnly = await h.page.evaluate(() => harness.requestOptions(['contec-v7']))
    expect(serialOnly).toMatchObject({ _tag: 'Left', left: { _tag: 'Unsupported', what: 'bluetooth:contec-v7' } })
    expect(serialOnly.left.message).toMatch(
      /protocol "contec-v7" has no Bluetooth transport; Bluetooth protocols: .*berrymed/,
    )
    const none = await h.page.evaluate(() => harness.requestOptions([]))
    expect(none).toMatchObject({ _tag: 'Left', left: { _tag: 'Unsupported', what: 'protocols' } })

    const thrown = await h.page.evaluate(() => harness.requestOptionsOrThrow(['plx-continuous', 'acme-9000']))
    expect(thrown).toEqual({ ok: false, thrown: 'OpenwardError', error: unknown.left })
  })

  it('PLX: reads Features first, subscribes, delivers the fake device’s values as samples; reconnects after a drop', async () => {
    const connected = await pair(plxSpec, ['plx-continuous', 'berrymed'], (f) =>
      f.queue(FEATURES, Uint8Array.of(0x04, 0x00)),
    )
    expect(connected).toMatchObject({ ok: true, protocol: 'plx-continuous', device: { name: 'PLX-FAKE' } })
    const ops = fake!.operations
    expect(ops.indexOf('read:2a60')).toBeGreaterThanOrEqual(0)
    expect(ops.indexOf('read:2a60')).toBeLessThan(ops.indexOf('subscribe-to-notifications:2a5f'))

    const sent: Array<[MedicalFloat, MedicalFloat]> = [
      [medicalFloat(975, -1), medicalFloat(62, 0)],
      [medicalFloat(96, 0), medicalFloat(640, -1)],
      [NAN, NAN],
      [medicalFloat(1000, -1), medicalFloat(58, 0)],
    ]
    fake!.queue(CONTINUOUS, ...sent.map(([s, p]) => continuous(s, p)))
    await h.page.evaluate(([s, c]) => harness.pump(s, c, 4), [PLX, CONTINUOUS] as const)
    await waitFor(async () => (await pageState()).samples.length === 4)
    const state = await pageState()
    expect(state.samples.map((s) => [s.spo2, s.pulseRate])).toEqual([
      [97.5, 62],
      [96, 64],
      [null, null],
      [100, 58],
    ])
    expect(state.records[0]).toBe('PlxFeatures')

    await fake!.disconnect()
    await waitFor(async () => (await pageState()).states.filter((s) => s === 'connected').length === 2)
    expect((await pageState()).states).toEqual(['connected', 'disconnected', 'reconnecting', 'connected'])
    expect(fake!.operations.filter((o) => o === 'subscribe-to-notifications:2a5f')).toHaveLength(2)
    fake!.queue(CONTINUOUS, continuous(medicalFloat(93, 0), medicalFloat(71, 0)))
    await h.page.evaluate(([s, c]) => harness.pump(s, c, 1), [PLX, CONTINUOUS] as const)
    await waitFor(async () => (await pageState()).samples.length === 5)
    expect((await pageState()).samples[4]).toMatchObject({ spo2: 93, pulseRate: 71 })

    await h.page.evaluate(() => harness.close())
    expect((await pageState()).completed).toBe(true)
    expect(fake!.operations).toContain('unsubscribe-from-notifications:2a5f')
  })

  it('PLX: downloads stored spot-checks through RACP (01 01 → indications → 06 00 01 01)', async () => {
    await pair(plxSpec, ['plx-continuous'], (f) => f.queue(FEATURES, Uint8Array.of(0x04, 0x00)))
    const spot = (spo2: number, pr: number) =>
      encodePlxSpotCheck({
        _tag: 'PlxSpotCheck',
        spo2: medicalFloat(spo2, 0),
        pulseRate: medicalFloat(pr, 0),
        deviceClockNotSet: false,
        reservedFlags: 0,
        trailingBytes: 0,
      })
    await h.page.evaluate(() => void ((window as any).download = harness.download()))
    await waitFor(() => fake!.writes.some((w) => w.uuid === RACP))
    expect(Array.from(fake!.writes.find((w) => w.uuid === RACP)!.bytes)).toEqual([0x01, 0x01])
    fake!.queue(SPOT, spot(95, 66), spot(91, 80))
    fake!.queue(RACP, Uint8Array.of(0x06, 0x00, 0x01, 0x01))
    await h.page.evaluate(([s, c]) => harness.pump(s, c, 2), [PLX, SPOT] as const)
    await h.page.evaluate(([s, c]) => harness.pump(s, c, 1), [PLX, RACP] as const)
    const result = await h.page.evaluate(() => (window as any).download)
    expect(result.ok).toBe(true)
    expect(result.samples.map((s: any) => [s.spo2, s.pulseRate, s.provenance.protocol])).toEqual([
      [95, 66, 'plx-spot-check'],
      [91, 80, 'plx-spot-check'],
    ])
  })

  it('PLX download: "no records found" is Right([]); a RACP error code is a Left TransportFailure, and the OrThrow twin rejects with it', async () => {
    await pair(plxSpec, ['plx-continuous'], (f) => f.queue(FEATURES, Uint8Array.of(0x04, 0x00)))
    const racpWrites = () => fake!.writes.filter((w) => w.uuid === RACP).length
    // Each download writes 01 01, then the fake answers 06 00 01 <code> (PLXS §3.4; codes: RACP table).
    const answer = async (writes: number, code: number) => {
      await waitFor(() => racpWrites() === writes)
      fake!.queue(RACP, Uint8Array.of(0x06, 0x00, 0x01, code))
      await h.page.evaluate(([s, c]) => harness.pump(s, c, 1), [PLX, RACP] as const)
      return h.page.evaluate(() => (window as any).download)
    }

    await h.page.evaluate(() => void ((window as any).download = harness.download()))
    expect(await answer(1, 0x06)).toEqual({ ok: true, samples: [] })

    await h.page.evaluate(() => void ((window as any).download = harness.download()))
    const refused = await answer(2, 0x04)
    expect(refused).toEqual({
      ok: false,
      error: {
        _tag: 'TransportFailure',
        operation: 'download stored records',
        cause: 'RACP answered operator-not-supported',
        message: 'download stored records failed: RACP answered operator-not-supported',
      },
    })

    await h.page.evaluate(() => void ((window as any).download = harness.download(5000, true)))
    expect(await answer(3, 0x04)).toEqual({ ok: false, thrown: 'OpenwardError', error: refused.error })
  })

  it('PLX download: no RACP answer in time, or a download after close, is a Left TransportFailure (the promise never rejects)', async () => {
    await pair(plxSpec, ['plx-continuous'], (f) => f.queue(FEATURES, Uint8Array.of(0x04, 0x00)))
    const silent = await h.page.evaluate(() => harness.download(200))
    expect(silent).toMatchObject({
      ok: false,
      error: { _tag: 'TransportFailure', cause: 'no RACP response within 200 ms' },
    })
    expect(fake!.writes.filter((w) => w.uuid === RACP)).toHaveLength(1)

    await h.page.evaluate(() => harness.close())
    const closed = await h.page.evaluate(() => harness.download())
    expect(closed).toMatchObject({ ok: false, error: { _tag: 'TransportFailure', cause: 'not connected' } })
    expect(fake!.writes.filter((w) => w.uuid === RACP)).toHaveLength(1)
  })

  it('PLX download: the link lost for good during a download is a Left ConnectionLost, with no unhandled rejection left behind', async () => {
    await pair(plxSpec, ['plx-continuous'], (f) => f.queue(FEATURES, Uint8Array.of(0x04, 0x00)))
    await h.page.evaluate(() => void ((window as any).download = harness.download(60_000)))
    await waitFor(() => fake!.writes.some((w) => w.uuid === RACP))
    fake!.connectionCode = 0x3e // HCI "connection failed to be established": every reconnect fails
    await fake!.disconnect()
    const result = await h.page.evaluate(() => (window as any).download)
    expect(result).toMatchObject({ ok: false, error: { _tag: 'ConnectionLost', attempts: 3 } })
    expect((await pageState()).failed).toMatchObject({ _tag: 'ConnectionLost', attempts: 3 })
    expect(await h.page.evaluate(() => harness.unhandled)).toEqual([])
  })

  it('BerryMed (found by name, service under optionalServices): frames packed and split across notifications', async () => {
    const connected = await pair(berrySpec, ['plx-continuous', 'berrymed'])
    expect(connected).toMatchObject({ ok: true, protocol: 'berrymed' })
    const frames = [berry(98, 72), berry(97, 73), berry(127, 255), berry(96, 140), berry(95, 141)]
    const bytes = Uint8Array.from(frames.flatMap((f) => [...encodeBerrymed(f)]))
    // 3 notifications: two frames + 3 bytes, 2 bytes + one frame + 1 byte, the rest.
    fake!.queue(ISSC_NOTIFY, bytes.slice(0, 13), bytes.slice(13, 21), bytes.slice(21))
    await h.page.evaluate(([s, c]) => harness.pump(s, c, 3), [ISSC, ISSC_NOTIFY] as const)
    await waitFor(async () => (await pageState()).samples.length === 5)
    expect((await pageState()).samples.map((s) => [s.spo2, s.pulseRate, s.provenance.protocol])).toEqual([
      [98, 72, 'berrymed'],
      [97, 73, 'berrymed'],
      [null, null, 'berrymed'],
      [96, 140, 'berrymed'],
      [95, 141, 'berrymed'],
    ])
  })

  it('Viatom O2Ring: polls READ_SENSORS (0x17) on the write characteristic; 21-byte answers split 20 + 1', async () => {
    const connected = await pair(o2Spec, ['viatom-o2'])
    expect(connected).toMatchObject({ ok: true, protocol: 'viatom-o2', device: { name: 'O2Ring 2200' } })
    const poll = Array.from(encodeViatomO2Request(ViatomO2Command.readSensors))
    await waitFor(() => fake!.writes.length >= 1)
    expect(Array.from(fake!.writes[0]!.bytes)).toEqual(poll)
    const answers = [sensors(95, 64), sensors(0xff, 0xffff, false), sensors(93, 70)].map((v) =>
      encodeViatomO2({ _tag: 'ViatomO2Response', status: 0, block: 0, payload: encodeViatomO2Sensors(v) }),
    )
    expect(answers[0]).toHaveLength(21)
    fake!.queue(O2_NOTIFY, ...answers.flatMap((a) => [a.slice(0, 20), a.slice(20)]))
    await h.page.evaluate(([s, c]) => harness.pump(s, c, 6), [O2, O2_NOTIFY] as const)
    await waitFor(async () => (await pageState()).samples.length === 3)
    expect((await pageState()).samples.map((x) => [x.spo2, x.pulseRate, x.provenance.protocol])).toEqual([
      [95, 64, 'viatom-o2'],
      [null, null, 'viatom-o2'],
      [93, 70, 'viatom-o2'],
    ])
    await waitFor(() => fake!.writes.length >= 2, 3000) // the poll repeats every second
    expect(fake!.writes.every((w) => Array.from(w.bytes).join() === poll.join() && w.uuid === O2_WRITE)).toBe(true)
  })

  it('a drop the device never comes back from → 3 backoff attempts, then ConnectionLost on samples$', async () => {
    await pair(plxSpec, ['plx-continuous'], (f) => f.queue(FEATURES, Uint8Array.of(0x00, 0x00)))
    fake!.connectionCode = 0x3e // HCI "connection failed to be established"
    await fake!.disconnect()
    await waitFor(async () => (await pageState()).failed !== undefined)
    const state = await pageState()
    expect(state.failed).toMatchObject({ _tag: 'ConnectionLost', attempts: 3 })
    expect(state.states).toEqual([
      'connected',
      'disconnected',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'failed',
    ])
    expect(fake!.operations.filter((o) => o === 'gatt:connection')).toHaveLength(4)
  })

  it('user cancel → UserCancelled', async () => {
    fake = new FakePeripheral(h.browserSession, plxSpec)
    await fake.install()
    stopChooser = autoSelectDevice(h.pageSession, 'cancel')
    const result = await h.page.evaluate(() => harness.connect(['plx-continuous']))
    expect(result).toMatchObject({ ok: false, error: { _tag: 'UserCancelled' } })
  })

  it('a device lacking the expected service → ServiceNotFound listing expected and found', async () => {
    const result = await pair(
      {
        ...berrySpec,
        services: [{ uuid: sig(0x180f), characteristics: [{ uuid: sig(0x2a19), properties: { read: true } }] }],
      },
      ['berrymed'],
    )
    expect(result).toMatchObject({ ok: false, error: { _tag: 'ServiceNotFound', expected: [ISSC] } })
    expect(result.error.message).toBe(
      `"BerryMed-01" has none of the expected services (${ISSC}); found: none accessible`,
    )
  })

  it('an unknown protocol id → Unsupported listing the known ids', async () => {
    const result = await h.page.evaluate(() => harness.connect(['acme-9000']))
    expect(result).toMatchObject({ ok: false, error: { _tag: 'Unsupported' } })
    expect(result.error.message).toMatch(/unknown protocol id "acme-9000"; known ids: plx-continuous, plx-spot-check/)
    expect(result.thrown).toBeUndefined() // a Left, not a rejection
  })

  it('requestOximeterOrThrow: resolves to a streaming connection; rejects with an OpenwardError holding the tagged error', async () => {
    const connected = await pair(berrySpec, ['plx-continuous', 'berrymed'], undefined, true)
    expect(connected).toMatchObject({ ok: true, protocol: 'berrymed' })
    fake!.queue(ISSC_NOTIFY, encodeBerrymed(berry(98, 72)))
    await h.page.evaluate(([s, c]) => harness.pump(s, c, 1), [ISSC, ISSC_NOTIFY] as const)
    await waitFor(async () => (await pageState()).samples.length === 1)
    expect((await pageState()).samples.map((s) => [s.spo2, s.pulseRate])).toEqual([[98, 72]])

    const rejected = await h.page.evaluate(() => harness.connect(['acme-9000'], undefined, true))
    expect(rejected).toMatchObject({ ok: false, thrown: 'OpenwardError', error: { _tag: 'Unsupported' } })
    expect(rejected.error.message).toMatch(/unknown protocol id "acme-9000"/)
  })
})
