import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { wardAlertObservation } from '../src/alert-observation.js'
import type { WardEventOutput } from '../src/ward-output.js'

// A threshold-band level change as the worker publishes it (ward-output.ts), to the level given.
const levelChange = (type: 'escalated' | 'de-escalated', level: 'normal' | 'review' | 'urgent'): WardEventOutput => ({
  v: 1,
  id: `p1/nhse-oximetry-home-2022%401.0.0/1000/${type}:${level}`,
  kind: 'alert',
  tenant: 'w',
  patientKey: 'p1',
  partition: 0,
  sourceSeq: 3,
  sentAtMs: 61_000,
  emittedAtMs: 61_500,
  event: {
    kind: 'alert',
    id: `p1/nhse-oximetry-home-2022%401.0.0/1000/${type}:${level}`,
    alertKey: 'p1/nhse-oximetry-home-2022%401.0.0/1000',
    source: 'threshold-alerts',
    type,
    rule: { name: 'nhse-oximetry-home-2022', version: '1.0.0' },
    atMs: 60_000,
    startMs: 1_000,
    endMs: type === 'de-escalated' ? 60_000 : null,
    nadir: level === 'normal' ? 96 : 89,
    level,
    severity: level,
  },
})

const codeOf = (o: WardEventOutput): string | undefined => {
  const obs = wardAlertObservation(o)
  if (E.isLeft(obs)) throw new Error(obs.left.message)
  return obs.right.interpretation?.[0]?.coding?.[0]?.code
}

describe('wardAlertObservation', () => {
  it('a return to normal is interpretation N (HL7 v3 ObservationInterpretation "Normal"), an urgent escalation LL, a review one L', () => {
    expect(codeOf(levelChange('de-escalated', 'normal'))).toBe('N')
    expect(codeOf(levelChange('escalated', 'urgent'))).toBe('LL')
    expect(codeOf(levelChange('escalated', 'review'))).toBe('L')
  })

  it('the episode is effectivePeriod, the firing time is issued, and the identifier names rule, event and patient', () => {
    const obs = wardAlertObservation(levelChange('de-escalated', 'normal'))
    if (E.isLeft(obs)) throw new Error(obs.left.message)
    expect(obs.right.effectivePeriod).toEqual({
      start: new Date(1_000).toISOString(),
      end: new Date(60_000).toISOString(),
    })
    expect(obs.right.issued).toBe(new Date(60_000).toISOString())
    expect(obs.right.status).toBe('final')
    expect(obs.right.identifier?.[0]?.value).toContain(
      encodeURIComponent('nhse-oximetry-home-2022@1.0.0/de-escalated:normal'),
    )
    expect(obs.right.identifier?.[0]?.value).toContain(encodeURIComponent('Patient/p1'))
  })
})
