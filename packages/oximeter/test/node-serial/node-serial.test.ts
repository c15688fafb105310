// Real serial: a socat pty pair, the `serialport` package, the registry's Contec V7 framer.
import { isOpenwardError, type OpenwardError, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { lastValueFrom, toArray, VirtualTimeScheduler } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { encodeContecV7 } from '../../src/protocols/contec/contec-v7-encode.js'
import type { ContecV7RealTime } from '../../src/protocols/contec/contec-v7-records.js'
import { deviceProfile } from '../../src/device-registry.js'
import { type NodeSerialOptions, openSerialOximeter, openSerialOximeterOrThrow } from '../../src/node/node-serial.js'
import { encodeNoninDf8, type NoninDf8Frame } from '../../src/protocols/nonin/nonin-df8.js'
import { record } from '../../src/recording/record.js'
import { replay } from '../../src/replay/replay-recording.js'
import type { StreamDiagnostic } from '../../src/decode/stream-diagnostic.js'
import type { ConnectionState } from '../../src/transport/connection-state.js'
import { openPtyPair, type PtyPair, until } from '../support/socat-pty.js'

const realTime = (spo2: number, pulseRate: number, probeError = false): ContecV7RealTime => ({
  _tag: 'ContecV7RealTime',
  signalStrength: 5,
  searchingTooLong: false,
  lowSpo2: false,
  pulseBeep: false,
  probeError,
  pleth: 64,
  searchingPulse: false,
  barGraph: 3,
  piInvalid: false,
  reservedBits: 0,
  pulseRate,
  spo2,
  perfusionIndexRaw: 512,
})

const contains = (haystack: Uint8Array, needle: Uint8Array): boolean =>
  Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0

/** Opens through the TaskEither and fails the test with the error's message on a Left. */
const open = async <P extends string>(options: NodeSerialOptions<P>) => {
  const opened = await openSerialOximeter(options)()
  if (E.isLeft(opened)) throw new Error(`expected the port to open: ${opened.left.message}`)
  return opened.right
}

let pty: PtyPair
beforeEach(async () => {
  pty = await openPtyPair()
})
afterEach(async () => {
  await pty.close()
})

describe('openSerialOximeter over a socat pty pair (Contec V7)', () => {
  it('sends the start commands, decodes split frames and garbage, records, and replays to identical samples', async () => {
    const contec = deviceProfile('contec-v7')
    const oximeter = await open({ path: pty.sdkPath, protocol: 'contec-v7' })
    let recording = ''
    const samples: OximetrySample[] = []
    const diagnostics: StreamDiagnostic[] = []
    oximeter.raw$
      .pipe(record((t) => (recording += t), { protocol: 'contec-v7', clock: 'host', device: oximeter.device }))
      .subscribe()
    oximeter.samples$.subscribe((s) => samples.push(s))
    oximeter.diagnostics$.subscribe((d) => diagnostics.push(d))

    for (const command of contec.commands.start) await until(() => contains(pty.received(), command.bytes))

    // 60 frames with changing values and a finger-out frame (127/255 sentinels), 7 garbage bytes, written in odd-sized pieces.
    const sent = Array.from({ length: 60 }, (_, i) =>
      i === 30 ? realTime(127, 255, true) : realTime(90 + (i % 10), 60 + i),
    )
    const stream: number[] = []
    sent.forEach((f, i) => {
      if (i === 20) stream.push(0x85, 0x86, 0x87) // no type byte can start here: high bits set
      if (i === 40) stream.push(0x01, 0x80, 0x80, 0xff) // a damaged real-time frame start
      stream.push(...encodeContecV7(f))
    })
    for (let at = 0, size = 1; at < stream.length; at += size, size = (size % 13) + 1) {
      await pty.write(Uint8Array.from(stream.slice(at, at + size)))
    }
    await until(() => samples.length >= 60)

    expect(samples.map((s) => [s.spo2, s.pulseRate])).toEqual(
      sent.map((f, i) => (i === 30 ? [null, null] : [f.spo2, f.pulseRate])),
    )
    expect(samples[30]!.flags.fingerOut).toBe(true)
    expect(samples.every((s) => s.clock === 'host' && s.provenance.device?.id === pty.sdkPath)).toBe(true)
    expect(diagnostics.reduce((n, d) => n + d.bytesDiscarded, 0)).toBe(7)

    await oximeter.close()
    for (const command of contec.commands.stop) await until(() => contains(pty.received().slice(-9), command.bytes))

    const scheduler = new VirtualTimeScheduler()
    const replayed: OximetrySample[] = []
    replay(recording, { scheduler }).subscribe((s) => replayed.push(s))
    scheduler.flush()
    expect(replayed).toEqual(samples)
  })

  it('Nonin DF8: selects the format, decodes 4-byte frames through garbage and 1-byte reads; 511/127 → null', async () => {
    const nonin = deviceProfile('nonin-df8')
    const oximeter = await open({ path: pty.sdkPath, protocol: 'nonin-df8' })
    const samples: OximetrySample[] = []
    oximeter.samples$.subscribe((s) => samples.push(s))
    await until(() => contains(pty.received(), nonin.commands.start[0]!.bytes))
    const df8 = (heartRate: number, spo2: number, sensorAlarm = false): NoninDf8Frame => ({
      _tag: 'NoninDf8Frame',
      heartRate,
      spo2,
      outOfTrack: false,
      lowPerfusion: false,
      marginalPerfusion: false,
      artifact: false,
      smartPoint: false,
      sensorAlarm,
      lowBattery: false,
      reservedBits: 0,
    })
    const sent = [df8(62, 97), df8(300, 95), df8(511, 127, true), df8(64, 96)]
    const stream = [0x05, 0x11, ...sent.flatMap((f, i) => [...(i === 2 ? [0x7f] : []), ...encodeNoninDf8(f)])]
    for (const byte of stream) await pty.write(Uint8Array.of(byte))
    await until(() => samples.length >= 4)
    expect(samples.map((s) => [s.spo2, s.pulseRate])).toEqual([
      [97, 62],
      [95, 300],
      [null, null],
      [96, 64],
    ])
    await oximeter.close()
  })

  it('completes every stream on close', async () => {
    const oximeter = await open({ path: pty.sdkPath, protocol: 'contec-v7' })
    const all = lastValueFrom(oximeter.samples$.pipe(toArray()))
    const states = lastValueFrom(oximeter.connection$.pipe(toArray()))
    await oximeter.close()
    expect(await all).toEqual([])
    expect((await states).map((s) => s.status)).toEqual(['connected', 'closed'])
  })

  it('reports a lost port, retries with backoff, then fails with ConnectionLost', async () => {
    const oximeter = await open({
      path: pty.sdkPath,
      protocol: 'contec-v7',
      reconnect: { maxAttempts: 2, initialDelayMs: 20 },
    })
    const states: ConnectionState[] = []
    oximeter.connection$.subscribe({ next: (s) => states.push(s), error: () => undefined })
    const failure = lastValueFrom(oximeter.samples$).catch((e: OpenwardError) => e.error)
    await pty.close() // socat exits: the SDK's pty end hangs up and its path disappears
    expect(await failure).toMatchObject({ _tag: 'ConnectionLost', attempts: 2 })
    expect(states.map((s) => s.status)).toEqual(['connected', 'disconnected', 'reconnecting', 'reconnecting', 'failed'])
    expect(states.filter((s) => s.status === 'reconnecting').map((s) => 'delayMs' in s && s.delayMs)).toEqual([20, 40])
  })

  it.each([
    ['an unknown protocol', 'acme-9000', /unknown protocol id "acme-9000"; known ids: plx-continuous/],
    ['a protocol without serial', 'plx-continuous', /no serial transport; serial protocols: .*contec-v7/],
  ])('returns Unsupported for %s with a clear list', async (_, protocol, why) => {
    const result = await openSerialOximeter({ path: pty.sdkPath, protocol })()
    expect(E.isLeft(result) && result.left._tag).toBe('Unsupported')
    expect(E.isLeft(result) && result.left.message).toMatch(why)
  })

  it('returns a TransportFailure for a port that cannot be opened', async () => {
    const result = await openSerialOximeter({ path: '/dev/does-not-exist', protocol: 'contec-v7' })()
    expect(result).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'TransportFailure', operation: 'open /dev/does-not-exist' },
    })
  })

  it('openSerialOximeterOrThrow resolves to a working connection and rejects with an OpenwardError holding the Left', async () => {
    const oximeter = await openSerialOximeterOrThrow({ path: pty.sdkPath, protocol: 'contec-v7' })
    const states = lastValueFrom(oximeter.connection$.pipe(toArray()))
    await oximeter.close()
    expect((await states).map((s) => s.status)).toEqual(['connected', 'closed'])

    const thrown: unknown = await openSerialOximeterOrThrow({
      path: '/dev/does-not-exist',
      protocol: 'contec-v7',
    }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isOpenwardError(thrown, 'TransportFailure')).toBe(true)
    expect((thrown as OpenwardError).error).toMatchObject({ operation: 'open /dev/does-not-exist' })
    const text: string = 'acme-9000' // as from a command line: checked at run time
    const unknown: unknown = await openSerialOximeterOrThrow({ path: pty.sdkPath, protocol: text }).catch(
      (e: unknown) => e,
    )
    expect(isOpenwardError(unknown, 'Unsupported')).toBe(true)
  })
})
