// The snippet of docs/guides/researcher.md, run as written on the shipped recording, and the numbers
// the guide quotes for it.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { importOximetryCsv } from '@openward/oximeter'
import { analyzeRecording, detectSustainedBelow } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import { expect, it } from 'vitest'

const night = fileURLToPath(new URL('../../demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url))

it('docs/guides/researcher.md: both profiles and the alerts, with the ODI3 values the guide quotes', () => {
  const imported = importOximetryCsv(readFileSync(night, 'utf8'), { startTimeMs: Date.parse('2026-01-05T22:00:00Z') })
  if (E.isLeft(imported)) throw new Error(imported.left.message)
  const samples = imported.right

  const clinical = analyzeRecording(samples)
  const pobm = analyzeRecording(samples, { profile: 'pobm' })
  const alerts = detectSustainedBelow(samples, { threshold: 92, forMs: 15_000 })

  expect(clinical.profile).toBe('clinical')
  expect(pobm.rule).toEqual({ name: 'pobm-1.0.5-relative', version: '1.0.0' })
  expect(clinical.odi3?.toFixed(1)).toBe('3.3') // "ODI3 3.3/h and 0.0/h"
  expect(pobm.odi3?.toFixed(1)).toBe('0.0')
  expect(clinical.ctComparison).toBe('<')
  expect(pobm.ctComparison).toBe('<=')
  expect(alerts.some((e) => e.type === 'raised')).toBe(true)
})
