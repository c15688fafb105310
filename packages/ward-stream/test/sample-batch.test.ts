import { makeSample, OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'

import { batchSamples } from '../src/publish-samples.js'
import { batchMsgId, decodeSampleBatch, encodeSampleBatch, type SampleBatch } from '../src/sample-batch.js'
import { wardNames } from '../src/ward-names.js'

const sample = (t: number, spo2: number | null = 97) =>
  makeSample({ timeMs: t, clock: 'host', spo2, pulseRate: 70, provenance: { protocol: 'test' } })
const bytes = (s: string) => new TextEncoder().encode(s)

describe('sample batches', () => {
  const batch: SampleBatch = {
    v: 1,
    patientKey: 'p1',
    deviceKey: 'ox-1',
    sentAtMs: 5,
    samples: [sample(1000), sample(2000, null)],
  }

  it('round-trip through JSON bytes, null SpO2 kept as null', () => {
    expect(decodeSampleBatch(encodeSampleBatch(batch))).toEqual(E.right(batch))
  })

  it('message id: patient + device + first/last sample time + count, equal for a re-send', () => {
    expect(batchMsgId(batch)).toBe('p1:ox-1:1000:2000:2')
    expect(batchMsgId({ ...batch, samples: [...batch.samples] })).toBe(batchMsgId(batch))
    expect(batchMsgId({ ...batch, deviceKey: 'ox-2' })).not.toBe(batchMsgId(batch))
  })

  it.each([
    ['not JSON', '{"v":1,', 'not-json'],
    ['another version', '{"v":2}', 'unsupported-version'],
    ['missing samples', '{"v":1,"patientKey":"p","deviceKey":"d","sentAtMs":0}', 'invalid-batch'],
    [
      'a sample with a string SpO2',
      JSON.stringify({ ...batch, samples: [{ ...sample(1), spo2: '97' }] }),
      'invalid-batch',
    ],
    ['a patient key with a dot', JSON.stringify({ ...batch, patientKey: 'a.b' }), 'invalid-batch'],
  ])('refuses %s with a typed reason', (_what, text, reason) => {
    const r = decodeSampleBatch(bytes(text))
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'InvalidMessage', reason })
  })

  it('batches ≤ 5 s of sample time', () => {
    const samples = Array.from({ length: 12 }, (_, i) => sample(i * 1000))
    expect(batchSamples(samples).map((b) => b.length)).toEqual([5, 5, 2])
    expect(batchSamples(samples, 5_000, 3).map((b) => b.length)).toEqual([3, 3, 3, 3])
    expect(batchSamples([sample(0), sample(4_999), sample(5_000)]).map((b) => b.length)).toEqual([2, 1])
  })

  it('tenant keys that cannot be a subject token are refused', () => {
    expect(E.isLeft(wardNames('north.east'))).toBe(true)
    expect(E.isLeft(wardNames('*'))).toBe(true)
    expect(E.isRight(wardNames('north-east_1'))).toBe(true)
  })
})

describe('decodeSampleBatch: the hand check of the common shape agrees with the io-ts codec', () => {
  // The reference: core's OximetrySample codec in the batch shape. The hand check may only ever
  // accept what this accepts, and must give the same value.
  const Reference = t.type({
    v: t.number,
    patientKey: t.string,
    deviceKey: t.string,
    sentAtMs: t.number,
    samples: t.array(OximetrySample),
  })
  // A batch of the common shape (the hand check decides) and one with the rarer fields (the codec decides).
  const plain = {
    v: 1,
    patientKey: 'p1',
    deviceKey: 'ox-1',
    sentAtMs: 5,
    samples: [{ ...sample(1000), perfusionIndex: 2.5 }, sample(2000, null)],
  }
  const rich = {
    ...plain,
    samples: [
      { ...sample(2000, null), pleth: [1, 2, 3] },
      {
        ...sample(3000),
        provenance: { protocol: 'ble', device: { id: 'd1' }, averaging: { mode: 'fast', seconds: 4 } },
      },
    ],
  }
  const odd: unknown[] = [undefined, null, 'x', '', 1, 0, true, false, [], {}, [1], { protocol: 'x' }]
  // Every path into a batch (fields of the batch, of each sample, its flags and provenance).
  const pathsOf = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
    v !== null && typeof v === 'object'
      ? Object.entries(v).flatMap(([k, x]) => {
          const p = [...at, Array.isArray(v) ? Number(k) : k]
          return [p, ...pathsOf(x, p)]
        })
      : []
  const withValue = (base: unknown, at: (string | number)[], value: unknown): unknown => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>
    let o = copy
    for (const k of at.slice(0, -1)) o = o[k] as Record<string | number, unknown>
    if (value === undefined) delete o[at.at(-1)!]
    else o[at.at(-1)!] = value
    return copy
  }

  it(`accepts and rejects exactly what the codec does, with the same value, over every field set to odd values`, () => {
    let accepted = 0
    let rejected = 0
    for (const base of [plain, rich])
      for (const at of pathsOf(base))
        for (const value of odd) {
          const input = withValue(base, at, value)
          const mine = decodeSampleBatch(bytes(JSON.stringify(input)))
          const reference = Reference.decode(JSON.parse(JSON.stringify(input)))
          const valid = E.isRight(reference) && (input as { v: unknown }).v === 1
          expect({ at, value, ok: E.isRight(mine) }).toEqual({ at, value, ok: valid && E.isRight(mine) })
          if (E.isRight(mine)) {
            expect(valid).toBe(true)
            expect(mine.right).toEqual((reference as E.Right<unknown>).right)
            accepted++
          } else rejected++
        }
    // both sides exercised: plenty of odd values are still valid (optional fields, open records)
    expect(accepted).toBeGreaterThan(20)
    expect(rejected).toBeGreaterThan(200)
  })
})
