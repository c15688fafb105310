import { makeSample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
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
