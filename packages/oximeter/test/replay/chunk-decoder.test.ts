import { describe, expect, it } from 'vitest'

import { encodeBerrymed } from '../../src/protocols/berrymed/berrymed.js'
import { deviceProfile } from '../../src/device-registry.js'
import { createChunkDecoder } from '../../src/decode/chunk-decoder.js'

const frame = (spo2: number) =>
  encodeBerrymed({
    _tag: 'BerrymedFrame',
    signalStrength: 5,
    noSignal: false,
    probeUnplugged: false,
    pulseBeep: false,
    pleth: 50,
    barGraph: 3,
    noFinger: false,
    pulseSearching: false,
    pulseRate: 70,
    spo2,
  })

const chunk = (timeMs: number, ...frames: Uint8Array[]) => ({
  direction: 'rx' as const,
  channel: 'serial',
  timeMs,
  bytes: Uint8Array.from(frames.flatMap((f) => [...f])),
})

describe('createChunkDecoder', () => {
  it('gives several readings from one chunk distinct, increasing times, so none is lost downstream', () => {
    const decode = createChunkDecoder(deviceProfile('berrymed'), { clock: 'host' })
    const first = decode(chunk(1_000, frame(97), frame(96), frame(95)))
    expect(first.samples.map((s) => [s.timeMs, s.spo2])).toEqual([
      [998, 97],
      [999, 96],
      [1_000, 95],
    ])
    // A chunk received in the same millisecond still never reuses a time.
    const second = decode(chunk(1_000, frame(94)))
    expect(second.samples.map((s) => [s.timeMs, s.spo2])).toEqual([[1_001, 94]])
    const third = decode(chunk(1_040, frame(93), frame(92)))
    expect(third.samples.map((s) => s.timeMs)).toEqual([1_039, 1_040])
  })

  it('leaves a single reading at its chunk time', () => {
    const decode = createChunkDecoder(deviceProfile('berrymed'), { clock: 'host' })
    expect(decode(chunk(5_000, frame(97))).samples.map((s) => s.timeMs)).toEqual([5_000])
  })
})

describe('createChunkDecoder, readings that crowd the previous one', () => {
  it('two readings arriving 1 ms after the last one still get two distinct times', () => {
    const decode = createChunkDecoder(deviceProfile('berrymed'), { clock: 'host' })
    decode(chunk(1_000, frame(97)))
    expect(decode(chunk(1_001, frame(96), frame(95))).samples.map((s) => s.timeMs)).toEqual([1_001, 1_002])
  })
})
