// Stored-session download over real serial: a socat pty pair, the `serialport` package on the SDK
// side, and device emulators serving real stored Contec sessions (../shared/data/captures/contec-spo2-files)
// through the V7.0 storage commands and the legacy F5 F5 recorded-data request.
import { SerialPort } from 'serialport'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { isOpenwardError } from '@openward/core'
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'

import { downloadContecLegacySession } from '../../src/download/contec-legacy-download.js'
import { downloadContecV7Sessions, listContecV7Segments } from '../../src/download/contec-v7-download.js'
import type { DownloadProgress } from '../../src/download/download-progress.js'
import { encodeDownloadRecording } from '../../src/download/downloaded-session.js'
import type { DownloadLinkFailure } from '../../src/download/download-errors.js'
import type { DownloadLink } from '../../src/download/download-link.js'
import { openSerialPortLink, openSerialPortLinkOrThrow, serialPortLink } from '../../src/download/serial-port-link.js'
import { decodeRecording } from '../../src/recording/recording-reader.js'
import { hasCaptures, readCapture } from '../shared-captures.js'
import { openPtyPair, type PtyPair, until } from '../support/socat-pty.js'
import { contecLegacyDevice, contecV7Device, readSpo2File, type StoredSession } from './contec-devices.js'

// A reply deadline short enough to keep the silent-device cases quick, long enough that a loaded CI
// machine stalling this process (its timers then run before the pty data already waiting) does not
// time out a device that did answer: 400 ms turned into an extra attempt or a Left now and then.
const fast = { replyTimeoutMs: 1_000, retryDelayMs: 10 }
const nullIf = (v: number, sentinel: number) => (v === sentinel || v === 0 ? null : v)
const expectReadings = (
  samples: ReadonlyArray<{ spo2: number | null; pulseRate: number | null }>,
  s: StoredSession,
) => {
  expect(samples.map((x) => [x.spo2, x.pulseRate])).toEqual(
    s.readings.map(([o, p]) => [nullIf(o, 127), nullIf(p, 255)]),
  )
}

let pty: PtyPair
let port: SerialPort
beforeEach(async () => {
  pty = await openPtyPair()
  port = new SerialPort({ path: pty.sdkPath, baudRate: 115200, autoOpen: false })
})
afterEach(async () => {
  if (port.isOpen) await new Promise((r) => port.close(r))
  await pty.close()
})

describe.skipIf(!hasCaptures)('Contec V7 storage download over a socat pty', () => {
  const cms60cw = readSpo2File(readCapture('contec-spo2-files/cms60cw_infantlab_20111017200058.SpO2'))
  const night = readSpo2File(readCapture('contec-spo2-files/contec_openpsg_session.SpO2'))

  it('lists the segments and downloads both real stored sessions with the device start time and progress', async () => {
    const device = contecV7Device(pty, [cms60cw, night])
    const progress: DownloadProgress[] = []
    const link = await openSerialPortLinkOrThrow(port)
    const result = await downloadContecV7Sessions(link, { ...fast, onProgress: (p) => progress.push(p) })()
    device.stop()
    if (E.isLeft(result)) throw new Error(result.left.message)
    const [a, b] = result.right
    expect(result.right).toHaveLength(2)
    expectReadings(a!.samples, cms60cw)
    expectReadings(b!.samples, night)
    expect(new Date(a!.startTimeMs).toISOString()).toBe('2011-10-17T20:00:25.000Z')
    expect(new Date(b!.startTimeMs).toISOString()).toBe('2024-10-13T23:22:52.000Z')
    expect(b!.samples[12014]!.timeMs - b!.samples[0]!.timeMs).toBe(12014 * 1000)
    expect(a!.attempts).toBe(1)
    expect(device.commands).toEqual(expect.arrayContaining([0xa3, 0xa5, 0xa4, 0xa6]))
    const last = progress.filter((p) => p.session === b!.id).at(-1)!
    expect(last).toMatchObject({ phase: 'done', receivedBytes: 12015 * 2, expectedBytes: 12015 * 2 })
    // The recording carries the device's start time and replays to the same samples.
    const recording = decodeRecording([...encodeDownloadRecording(b!)].join(''))
    if (E.isLeft(recording)) throw new Error(recording.left.message)
    expect(recording.right.header.startTimeMs).toBe(Date.UTC(2024, 9, 13, 23, 22, 52))
    const replayed = recording.right.chunks.flatMap((c) => (c.direction === 'sample' ? [c.sample] : []))
    expectReadings(replayed, night)
  })

  it('lists the segments one at a time (start time and length, no data); a silent device ends the listing with one Left', async () => {
    const device = contecV7Device(pty, [cms60cw, night])
    const link = await openSerialPortLinkOrThrow(port)
    const entries = []
    for await (const entry of listContecV7Segments(link, fast)) entries.push(entry)
    device.stop()
    expect(entries).toEqual([
      E.right({ user: 0, segment: 0, startLocalMs: Date.UTC(2011, 9, 17, 20, 0, 25), declaredBytes: 84 }),
      E.right({ user: 0, segment: 1, startLocalMs: Date.UTC(2024, 9, 13, 23, 22, 52), declaredBytes: 24030 }),
    ])
    expect(device.commands).not.toContain(0xa6)
    const silent = []
    for await (const entry of listContecV7Segments(link, { ...fast, maxRetries: 1 })) silent.push(entry)
    expect(silent).toHaveLength(1)
    expect(E.isLeft(silent[0]!) && silent[0].left._tag).toBe('DownloadInterrupted')
  })

  it('restarts a segment from its first reading when the device goes silent mid-transfer', async () => {
    const device = contecV7Device(pty, [night], { silentAfter: 1000 })
    const phases: string[] = []
    const result = await downloadContecV7Sessions(await openSerialPortLinkOrThrow(port), {
      ...fast,
      onProgress: (p) => phases.push(p.phase),
    })()
    device.stop()
    if (E.isLeft(result)) throw new Error(result.left.message)
    expectReadings(result.right[0]!.samples, night)
    expect(result.right[0]!.attempts).toBe(2)
    expect(phases).toContain('resuming')
    expect(device.commands.filter((c) => c === 0xa6)).toHaveLength(2)
  })

  it('detects a corrupted packet by its bit-7 framing and restarts; a packet corrupt on every try is DownloadCorrupt', async () => {
    const once = contecV7Device(pty, [night], { corruptAt: 2000 })
    const ok = await downloadContecV7Sessions(await openSerialPortLinkOrThrow(port), fast)()
    once.stop()
    if (E.isLeft(ok)) throw new Error(ok.left.message)
    expectReadings(ok.right[0]!.samples, night)
    expect(ok.right[0]!.attempts).toBe(2)

    const always = contecV7Device(pty, [cms60cw], { corruptAt: 5, alwaysCorrupt: true })
    const bad = await downloadContecV7Sessions(await openSerialPortLinkOrThrow(port), { ...fast, maxRetries: 2 })()
    always.stop()
    expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'DownloadCorrupt', session: 'user 0 segment 0' })
  })

  it('gives DownloadInterrupted when the device never finishes, and when the port disappears mid-transfer', async () => {
    const stuck = contecV7Device(pty, [night], { alwaysSilentAfter: 500 })
    const result = await downloadContecV7Sessions(await openSerialPortLinkOrThrow(port), { ...fast, maxRetries: 1 })()
    stuck.stop()
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'DownloadInterrupted',
      attempts: 2,
      expectedBytes: 12015 * 2,
    })
    if (E.isLeft(result) && result.left._tag === 'DownloadInterrupted')
      expect(result.left.receivedBytes).toBeLessThan(12015 * 2)

    const device = contecV7Device(pty, [night], { alwaysSilentAfter: 800 })
    const pending = downloadContecV7Sessions(await openSerialPortLinkOrThrow(port), { ...fast, maxRetries: 2 })()
    await until(() => device.transfers() >= 1) // mid-transfer: the device has started sending
    device.stop()
    await pty.close() // socat exits: the pty is gone, so the port closes and cannot be reopened
    const gone = await pending
    expect(E.isLeft(gone) && gone.left._tag).toBe('DownloadInterrupted')
  })
})

describe.skipIf(!hasCaptures)('Contec legacy recorded-data download (F5 F5) over a socat pty', () => {
  const night = readSpo2File(readCapture('contec-spo2-files/contec_openpsg_session.SpO2'))

  it('downloads the real stored night record by record, skipping stray live frames', async () => {
    const device = contecLegacyDevice(pty, night)
    const start = Date.UTC(2024, 9, 13, 23, 22, 52)
    const result = await downloadContecLegacySession(await openSerialPortLinkOrThrow(port), {
      ...fast,
      startTimeMs: start,
    })()
    device.stop()
    if (E.isLeft(result)) throw new Error(result.left.message)
    expectReadings(result.right.samples, night)
    expect(result.right).toMatchObject({ startSource: 'caller', startTimeMs: start, attempts: 1 })
    await until(() => Buffer.from(pty.received()).includes(Buffer.from([0xf6, 0xf6, 0xf6])))
  })

  it('restarts after a stall and after a damaged record; a record damaged every time is DownloadCorrupt', async () => {
    const stall = contecLegacyDevice(pty, night, { silentAfter: 3000 })
    const first = await downloadContecLegacySession(await openSerialPortLinkOrThrow(port), fast)()
    stall.stop()
    if (E.isLeft(first)) throw new Error(first.left.message)
    expect(first.right.attempts).toBe(2)
    expectReadings(first.right.samples, night)

    const damaged = contecLegacyDevice(pty, night, { corruptAt: 4000 })
    const second = await downloadContecLegacySession(await openSerialPortLinkOrThrow(port), fast)()
    damaged.stop()
    if (E.isLeft(second)) throw new Error(second.left.message)
    expect(second.right.attempts).toBe(2)
    expectReadings(second.right.samples, night)

    const always = contecLegacyDevice(pty, night, { corruptAt: 10, alwaysCorrupt: true })
    const third = await downloadContecLegacySession(await openSerialPortLinkOrThrow(port), { ...fast, maxRetries: 1 })()
    always.stop()
    expect(E.isLeft(third) && third.left).toMatchObject({ _tag: 'DownloadCorrupt' })
  })
})

describe('opening a serial download link', () => {
  it('openSerialPortLink: Right over a real pty; a missing port is a Left DownloadLinkFailure naming it, never a rejection', async () => {
    const opened = await openSerialPortLink(port)()
    expect(E.isRight(opened) && opened.right.name).toBe(pty.sdkPath)
    expect(port.isOpen).toBe(true)
    if (E.isRight(opened)) await opened.right.close()
    const missing = new SerialPort({ path: '/dev/openward-no-such-tty', baudRate: 115200, autoOpen: false })
    const left = await openSerialPortLink(missing)()
    expect(E.isLeft(left) && left.left).toMatchObject({
      _tag: 'DownloadLinkFailure',
      operation: 'open /dev/openward-no-such-tty',
    })
    expectTypeOf(openSerialPortLink).returns.toEqualTypeOf<TE.TaskEither<DownloadLinkFailure, DownloadLink>>()
  })

  it('openSerialPortLinkOrThrow rejects with an OpenwardError holding DownloadLinkFailure; the deprecated serialPortLink still rejects with LinkDropped', async () => {
    const path = '/dev/openward-no-such-tty'
    const thrown = await openSerialPortLinkOrThrow(new SerialPort({ path, baudRate: 115200, autoOpen: false })).catch(
      (e: unknown) => e,
    )
    expect(isOpenwardError(thrown, 'DownloadLinkFailure')).toBe(true)
    const old = await serialPortLink(new SerialPort({ path, baudRate: 115200, autoOpen: false })).catch(
      (e: unknown) => e,
    )
    expect(old).toMatchObject({ name: 'LinkDropped', message: expect.stringContaining(`open ${path}`) })
  })
})
