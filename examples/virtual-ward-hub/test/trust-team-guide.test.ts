// The snippets of docs/guides/trust-team.md and docs/guides/adding-a-rule-set.md, run as written.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { makeSample, NO_FLAGS, type OximetrySample } from '@openward/core'
import { createOutbox, createTransport, samplesToObservations } from '@openward/fhir'
import { fileOutboxStore } from '@openward/fhir/node'
import { createSandbox } from '@openward/fhir-sandbox'
import { NHSE_OXIMETRY_HOME_BANDS, perPatient, ruleRef, thresholdAlerts } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import { from, map, toArray, VirtualTimeScheduler } from 'rxjs'
import { expect, it } from 'vitest'

const at = (s: number, spo2: number): OximetrySample =>
  makeSample({
    timeMs: s * 1000,
    clock: 'host',
    spo2,
    pulseRate: 80,
    flags: NO_FLAGS,
    provenance: { protocol: 'contec-v7' },
  })
// 20 s at 91 %: urgent after 15 s with the NHSE bands, normal with a COPD patient's 88/86 bands.
const twentySecondsAt91 = Array.from({ length: 20 }, (_, s) => at(s, 91))

it('trust-team.md, alerting per patient: one pipeline per NHS number', () => {
  const scheduler = new VirtualTimeScheduler()
  const ward$ = from([
    ...twentySecondsAt91.map((sample) => ({ nhsNumber: '9000000009', sample })),
    ...twentySecondsAt91.slice(0, 10).map((sample) => ({ nhsNumber: '9000000017', sample })),
  ])
  const out: { patientId: string; type: string; to?: string }[] = []
  ward$
    .pipe(
      perPatient(
        (m) => m.nhsNumber,
        (m$) =>
          m$.pipe(
            map((m) => m.sample),
            thresholdAlerts({ bands: NHSE_OXIMETRY_HOME_BANDS, scheduler }),
          ),
        { scheduler },
      ),
      toArray(),
    )
    .subscribe((events) =>
      out.push(
        ...events.map(({ patientId, event }) => ({
          patientId,
          type: event.type,
          ...('to' in event ? { to: event.to } : {}),
        })),
      ),
    )
  scheduler.flush()
  expect(out).toEqual([{ patientId: '9000000009', type: 'escalated', to: 'urgent' }])
})

it('trust-team.md, FHIR: enqueue durably, flush, every Observation sent', async () => {
  const sandbox = await createSandbox({ port: 0 })
  try {
    const outbox = createOutbox({
      store: fileOutboxStore(join(mkdtempSync(join(tmpdir(), 'guide-')), 'outbox.ndjson')),
      transport: createTransport({ baseUrl: sandbox.baseUrl }),
    })
    const samples = [
      at(0, 97),
      at(1, 96),
      makeSample({ ...at(2, 0), spo2: null, flags: { ...NO_FLAGS, fingerOut: true } }),
    ]
    const { observations, skipped } = samplesToObservations(samples, {
      subject: { nhsNumber: '9000000009' },
      deviceId: 'cms50-bed-4',
    })
    await outbox.enqueueOrThrow(observations)
    const flushed = await outbox.flush()()
    expect(E.isRight(flushed) && flushed.right).toEqual({ sent: 4, reconciled: 0, remaining: 0, deadLettered: 0 })
    expect(skipped.map((s) => s.sign)).toEqual(['spo2', 'pulseRate']) // the finger-out sample, listed
  } finally {
    await sandbox.close()
  }
})

it('adding-a-rule-set.md, route A: a patient’s own bands under their own rule name', () => {
  const COPD_TARGET_RULE = ruleRef('trust-x-copd-88-92', '1.0.0')
  const scheduler = new VirtualTimeScheduler()
  const events: unknown[] = []
  const sixtySecondsAt85 = Array.from({ length: 60 }, (_, s) => at(s, 85))
  from([...twentySecondsAt91, ...sixtySecondsAt85.map((s) => ({ ...s, timeMs: s.timeMs + 20_000 }))])
    .pipe(
      thresholdAlerts({
        bands: { normalAtOrAbove: 88, reviewAtOrAbove: 86 },
        persistMs: 30_000,
        rule: COPD_TARGET_RULE,
        scheduler,
      }),
    )
    .subscribe((e) => events.push(e))
  scheduler.flush()
  // 91 % is normal for this patient; 85 % (below 86) held 30 s is urgent, under the local rule.
  expect(events).toMatchObject([
    { type: 'escalated', from: 'normal', to: 'urgent', rule: COPD_TARGET_RULE, atMs: 50_000 },
  ])
})
