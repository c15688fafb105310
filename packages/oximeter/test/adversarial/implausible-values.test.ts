import { type Implausible, isPlausible, type OximetrySample, type PlausibleQuantity } from '@openward/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { createChunkDecoder } from '../../src/decode/chunk-decoder.js'
import {
  decodeBatch,
  DEVICE_REGISTRY,
  encodeRecord,
  type KnownOximeterRecord,
  PROTOCOL_FAMILIES,
  PROTOCOL_IDS,
  type ProtocolId,
} from '../../src/index.js'
import { noninPacket } from '../../src/protocols/nonin/nonin-df2-df7.js'
import { medicalFloat } from '../../src/protocols/plx/sfloat.js'
import { encodeViatomO2Sensors } from '../../src/protocols/viatom/viatom-o2.js'
import { VALID_FRAME } from '../protocol-frames.js'

/**
 * Issue 13 class 1: a decoder must never hand on a physiologically impossible value (SpO2 118 %,
 * −5 %, pulse 422/min) as a reading. Each protocol's encoder writes such values into a real frame;
 * whatever path decodes it (registry profile, live/replay chunk decoder, decodeBatch) gives `null`
 * with the `questionable` flag and one typed `Implausible` per refused value.
 */

type Refusal = readonly [PlausibleQuantity, number]
interface Case {
  /** A record the protocol's framer produces, carrying impossible values. */
  readonly record: (valid: KnownOximeterRecord) => KnownOximeterRecord | undefined
  readonly refused: readonly Refusal[]
}

const CASES: Partial<Record<ProtocolId, Case>> = {
  'plx-continuous': {
    record: (r) =>
      r._tag === 'PlxContinuous'
        ? {
            ...omit(r, ['fast', 'slow', 'pulseAmplitudeIndex']),
            normal: { spo2: medicalFloat(118, 0), pulseRate: medicalFloat(422, 0) },
          }
        : undefined,
    refused: [
      ['spo2', 118],
      ['pulseRate', 422],
    ],
  },
  'plx-spot-check': {
    record: (r) =>
      r._tag === 'PlxSpotCheck'
        ? { ...omit(r, ['pulseAmplitudeIndex']), spo2: medicalFloat(-5, 0), pulseRate: medicalFloat(422, 0) }
        : undefined,
    refused: [
      ['spo2', -5],
      ['pulseRate', 422],
    ],
  },
  'contec-legacy': {
    record: (r) => (r._tag === 'ContecLegacyFrame' ? { ...r, spo2: 118, pulseRate: 5 } : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 5],
    ],
  },
  'contec-v7': {
    record: (r) =>
      r._tag === 'ContecV7RealTime'
        ? { ...r, spo2: 118, pulseRate: 5, perfusionIndexRaw: 2500, piInvalid: false }
        : undefined,
    refused: [
      ['spo2', 118],
      ['pulseRate', 5],
      ['perfusionIndex', 25],
    ],
  },
  berrymed: {
    record: (r) => (r._tag === 'BerrymedFrame' ? { ...r, spo2: 118, pulseRate: 5 } : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 5],
    ],
  },
  'viatom-o2': {
    record: (r) => {
      if (r._tag !== 'ViatomO2Response') return undefined
      const sensors = {
        spo2: 118,
        pulseRate: 422,
        batteryPercent: 80,
        chargingState: 0,
        motion: 0,
        pulseStrengthRaw: 0,
        fingerPresent: true,
      }
      return { ...r, status: 0, payload: encodeViatomO2Sensors(sensors), sensors }
    },
    refused: [
      ['spo2', 118],
      ['pulseRate', 422],
    ],
  },
  'viatom-fs20f': {
    record: (r) => (r._tag === 'ViatomFs20fParams' ? { ...r, spo2: 118, pulseRate: 5 } : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 5],
    ],
  },
  'viatom-pc60fw': {
    record: (r) =>
      r._tag === 'ViatomPc60fwParams' ? { ...r, spo2: 118, pulseRate: 5, perfusionIndexRaw: 250 } : undefined,
    refused: [
      ['spo2', 118],
      ['pulseRate', 5],
      ['perfusionIndex', 25],
    ],
  },
  'nonin-df2': {
    record: (r) => (r._tag === 'NoninDf2Packet' ? noninWith(r, 118, 422) : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 422],
    ],
  },
  'nonin-df7': {
    record: (r) => (r._tag === 'NoninDf2Packet' ? noninWith(r, 118, 422) : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 422],
    ],
  },
  'nonin-df8': {
    record: (r) => (r._tag === 'NoninDf8Frame' ? { ...r, spo2: 118, heartRate: 422 } : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 422],
    ],
  },
  'nonin-df13': {
    record: (r) =>
      r._tag === 'NoninDf13Packet'
        ? { ...r, spo2: 118, heartRate: 422, status: r.status & ~0x0100, noMeasurement: false }
        : undefined,
    refused: [
      ['spo2', 118],
      ['pulseRate', 422],
    ],
  },
  'nonin-ble': {
    record: (r) => (r._tag === 'NoninBleMeasurement' ? { ...r, spo2: 118, pulseRate: 422, paiRaw: 2500 } : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 422],
      ['perfusionIndex', 25],
    ],
  },
  jumper: {
    record: (r) => (r._tag === 'JumperParams' ? { ...r, spo2: 118, pulseRate: 5, perfusionIndexRaw: 250 } : undefined),
    refused: [
      ['spo2', 118],
      ['pulseRate', 5],
      ['perfusionIndex', 25],
    ],
  },
}

/** `r` without the optional fields `keys` (random values there could be out of range too). */
function omit<R extends object, K extends keyof R>(r: R, keys: readonly K[]): Omit<R, K> {
  const out: Partial<R> = { ...r }
  for (const k of keys) delete out[k]
  return out as Omit<R, K>
}

/** A DF2/DF7 packet whose SpO2 (FLOAT frame 3) and HR (frames 1-2, 9 bits) say `spo2` and `hr`. */
function noninWith(r: Extract<KnownOximeterRecord, { _tag: 'NoninDf2Packet' }>, spo2: number, hr: number) {
  const floats = [...r.floats]
  floats[0] = ((floats[0] ?? 0) & ~0x03) | (hr >> 7)
  floats[1] = hr & 0x7f
  floats[2] = spo2
  return noninPacket(r.format, [...r.statuses], [...r.pleth], floats)
}

/** Decoded records of valid frames (a fixed seed: the same records every run). */
function validRecords(protocol: ProtocolId): KnownOximeterRecord[] {
  const framer = DEVICE_REGISTRY[protocol].createFramer()
  return fc
    .sample(VALID_FRAME[protocol], { numRuns: 300, seed: 13 })
    .flatMap((frame) => framer.push(frame).records as KnownOximeterRecord[])
}

const SAMPLE_QUANTITIES: readonly PlausibleQuantity[] = ['spo2', 'pulseRate', 'perfusionIndex']
const valueOf = (s: OximetrySample, q: PlausibleQuantity) =>
  q === 'spo2' ? s.spo2 : q === 'pulseRate' ? s.pulseRate : s.perfusionIndex

function expectAllPlausible(samples: readonly OximetrySample[]) {
  for (const s of samples)
    for (const q of SAMPLE_QUANTITIES) {
      const v = valueOf(s, q)
      if (v !== null && v !== undefined) expect(isPlausible(q, v), `${q} ${v}`).toBe(true)
    }
}

const reported = (list: readonly Implausible[]) => list.map((i) => [i.quantity, i.value] as const)

describe.each(Object.entries(CASES) as [ProtocolId, Case][])(
  '%s fed impossible values by its encoder',
  (protocol, c) => {
    const profile = DEVICE_REGISTRY[protocol]
    const record = validRecords(protocol)
      .map(c.record)
      .find((r) => r !== undefined)
    const wire = record === undefined ? new Uint8Array(0) : encodeRecord(record)

    it('the frame really carries them (the framer decodes the record back)', () => {
      expect(record).toBeDefined()
      expect(profile.createFramer().push(wire).records).toEqual([record])
    })

    it('registry profile: null + questionable, one typed Implausible per value', () => {
      const refusals: Implausible[] = []
      const [decoded] = profile.createFramer().push(wire).records
      const samples = profile.toSamples(decoded!, { timeMs: 0, onImplausible: (i) => refusals.push(i) })
      expect(samples.length).toBeGreaterThan(0)
      expectAllPlausible(samples)
      for (const [q] of c.refused) expect(valueOf(samples[0]!, q)).toBeNull()
      expect(samples[0]!.flags.questionable).toBe(true)
      expect(reported(refusals)).toEqual(c.refused)
      expect(refusals.every((i) => i._tag === 'Implausible')).toBe(true)
    })

    it('live/replay chunk decoder: refused values are on the stream diagnostic, never in a sample', () => {
      const decode = createChunkDecoder(profile, { clock: 'host' })
      const channel = profile.gatt?.subscribe[0]?.uuid ?? 'serial'
      const out = decode({ timeMs: 5000, direction: 'rx', channel, bytes: wire })
      expectAllPlausible(out.samples)
      expect(out.samples.some((s) => s.flags.questionable)).toBe(true)
      expect(reported(out.diagnostic?.implausible ?? [])).toEqual(c.refused)
    })

    it('decodeBatch: NaN in the columns, the refusals counted', () => {
      const batch = decodeBatch(protocol, wire)
      expect(batch.implausibleValues).toBe(c.refused.length)
      for (const [q] of c.refused) expect(batch[q][0]).toBeNaN()
    })
  },
)

describe('every decoder, arbitrary frames', () => {
  // The families' own normalisers, before the registry's check: the oracle for what was refused.
  const raw = new Map<string, (r: KnownOximeterRecord) => readonly OximetrySample[]>()
  for (const family of PROTOCOL_FAMILIES)
    for (const p of family.protocols) {
      const table = p.normalise as Record<
        string,
        ((r: KnownOximeterRecord, c: { timeMs: number }) => readonly OximetrySample[]) | undefined
      >
      raw.set(p.protocol, (r) => table[r._tag]?.(r, { timeMs: 0 }) ?? [])
    }

  it.each([...PROTOCOL_IDS])(
    '%s: no decoded sample is ever outside PlausibleRange, and every refusal is counted',
    (protocol) => {
      const profile = DEVICE_REGISTRY[protocol]
      fc.assert(
        fc.property(
          fc.array(fc.oneof(VALID_FRAME[protocol], fc.uint8Array({ maxLength: 9 })), { maxLength: 20 }),
          (parts) => {
            const framer = profile.createFramer()
            let refusals = 0
            let outside = 0
            for (const part of profile.framing === 'message' ? parts : [Uint8Array.from(parts.flatMap((p) => [...p]))])
              for (const r of framer.push(part).records) {
                for (const s of raw.get(protocol)!(r as KnownOximeterRecord))
                  for (const q of SAMPLE_QUANTITIES) {
                    const v = valueOf(s, q)
                    if (v !== null && v !== undefined && !isPlausible(q, v)) outside++
                  }
                const samples = profile.toSamples(r, { timeMs: 0, onImplausible: () => refusals++ })
                expectAllPlausible(samples)
              }
            expect(refusals).toBe(outside)
            if (profile.framing === 'stream') {
              const batch = decodeBatch(protocol, Uint8Array.from(parts.flatMap((p) => [...p])))
              expect(batch.implausibleValues).toBe(outside)
              for (let i = 0; i < batch.length; i++)
                for (const q of SAMPLE_QUANTITIES) {
                  const v = batch[q][i]!
                  if (!Number.isNaN(v)) expect(isPlausible(q, v), `${q} ${v}`).toBe(true)
                }
            }
          },
        ),
        { numRuns: 150 },
      )
    },
  )
})
