// The page's pure parts, and the "bytes you already have" snippet of docs/guides/supplier-developer.md.
import { makeSample, NO_FLAGS, type OximetrySample } from '@openward/core'
import { deviceProfile, encodeBerrymed } from '@openward/oximeter'
import { detectThresholdAlerts } from '@openward/spo2'
import { describe, expect, it } from 'vitest'

import { optionsFromQuery } from '../src/monitor-options.js'
import { INITIAL_STATE, withAlert, withSample } from '../src/monitor-state.js'

const sample = (spo2: number | null, fingerOut = false): OximetrySample =>
  makeSample({
    timeMs: 0,
    clock: 'host',
    spo2,
    pulseRate: spo2 === null ? null : 70,
    flags: { ...NO_FLAGS, fingerOut },
    provenance: { protocol: 'plx-continuous' },
  })

describe('monitor state', () => {
  it('shows a missing value as missing, never the last good number, with the flags that explain it', () => {
    const s = withSample(withSample(INITIAL_STATE, sample(96)), sample(null, true))
    expect(s).toMatchObject({ spo2: null, pulseRate: null, flags: ['fingerOut'] })
  })

  it('follows the detector: level and log, newest first', () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({ ...sample(92), timeMs: i * 1000 }))
    const [event] = detectThresholdAlerts(samples)
    const s = withAlert(INITIAL_STATE, event!)
    expect(s.level).toBe('urgent')
    expect(s.log[0]).toMatch(/escalated normal → urgent \(SpO2 92 %\)/)
  })

  it('takes detector options from the query string and ignores nonsense', () => {
    expect(optionsFromQuery('?persistMs=2000&staleAfterMs=5000&normal=88&review=86')).toEqual({
      persistMs: 2000,
      staleAfterMs: 5000,
      bands: { normalAtOrAbove: 88, reviewAtOrAbove: 86 },
    })
    expect(optionsFromQuery('?persistMs=-1&normal=80&review=90')).toEqual({})
  })
})

it('supplier-developer.md: decoding bytes you already have, split across chunks', () => {
  const frame = {
    _tag: 'BerrymedFrame' as const,
    signalStrength: 4,
    noSignal: false,
    probeUnplugged: false,
    pulseBeep: false,
    pleth: 50,
    barGraph: 5,
    noFinger: false,
    pulseSearching: false,
    pulseRate: 72,
    spo2: 97,
  }
  const bytes = Uint8Array.from([...encodeBerrymed(frame), ...encodeBerrymed({ ...frame, spo2: 127, pulseRate: 255 })])
  const profile = deviceProfile('berrymed')
  const framer = profile.createFramer()
  const got: (number | null)[] = []
  for (const chunk of [bytes.subarray(0, 3), bytes.subarray(3)]) {
    const { records } = framer.push(chunk)
    for (const record of records) for (const s of profile.toSamples(record, { timeMs: Date.now() })) got.push(s.spo2)
  }
  expect(got).toEqual([97, null]) // 127 is BerryMed's "no value", not 127 %
})
