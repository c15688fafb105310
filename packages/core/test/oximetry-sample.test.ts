import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { decodeWith, makeSample, NO_FLAGS, OximetrySample, sampleFlags } from '../src/index.js'

const provenance = { protocol: 'plx-continuous' }

describe('makeSample', () => {
  it('defaults flags to the shared NO_FLAGS value', () => {
    const s = makeSample({ timeMs: 1_000, clock: 'host', spo2: 97, pulseRate: 61, provenance })
    expect(s.flags).toBe(NO_FLAGS)
    expect(s).not.toHaveProperty('perfusionIndex')
  })

  it('turns NaN and infinities into null so they can never pass as readings', () => {
    const s = makeSample({
      timeMs: 0,
      clock: 'device',
      spo2: Number.NaN,
      pulseRate: Number.POSITIVE_INFINITY,
      perfusionIndex: Number.NEGATIVE_INFINITY,
      provenance,
    })
    expect([s.spo2, s.pulseRate, s.perfusionIndex]).toEqual([null, null, null])
  })

  it('keeps genuinely low readings untouched', () => {
    expect(makeSample({ timeMs: 0, clock: 'host', spo2: 62, pulseRate: 31, provenance }).spo2).toBe(62)
  })
})

describe('OximetrySample codec', () => {
  it('round-trips a sample through JSON', () => {
    const s = makeSample({
      timeMs: 1_700_000_000_000,
      clock: 'recording',
      spo2: null,
      pulseRate: 72,
      perfusionIndex: 1.4,
      pleth: [1, 2, 3],
      flags: sampleFlags({ fingerOut: true }),
      provenance: { protocol: 'contec-v7', device: { name: 'CMS50D+' }, averaging: { mode: 'normal' } },
    })
    const back = decodeWith(OximetrySample)(JSON.parse(JSON.stringify(s)))
    expect(back).toEqual(E.right(s))
  })

  it('rejects a sample whose SpO2 is a string, naming the path', () => {
    const bad = { ...makeSample({ timeMs: 0, clock: 'host', spo2: 97, pulseRate: 60, provenance }), spo2: '97' }
    const result = decodeWith(OximetrySample)(bad)
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result)) {
      expect(result.left._tag).toBe('InvalidData')
      expect(result.left.issues.map((i) => i.path)).toContain('spo2')
    }
  })

  it('rejects an unknown clock source', () => {
    const bad = { ...makeSample({ timeMs: 0, clock: 'host', spo2: 97, pulseRate: 60, provenance }), clock: 'wall' }
    const result = decodeWith(OximetrySample)(bad)
    expect(E.isLeft(result) && result.left.issues.some((i) => i.path === 'clock')).toBe(true)
  })
})
