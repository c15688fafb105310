/**
 * Replay refuses physiologically impossible values once and tells the caller of each one
 * (`onImplausible`), for imported-sample recordings (`sa` lines, which anyone can edit) and for
 * device recordings (refused by the chunk decoder, also on `replayEvents`' diagnostics).
 * The samples are a real Checkme O2 Max night; one reading is made impossible.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { Implausible, OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { importViatomCsv } from '../../src/import/viatom-csv.js'
import { deviceRecordingFromSamples } from '../../src/recording/device-recording-from-samples.js'
import { encodeSamplesRecording } from '../../src/recording/samples-recording.js'
import { replay, replayEvents, type ReplayEvent } from '../../src/replay/replay-recording.js'

const csv = fileURLToPath(
  new URL(
    '../../../../../shared/data/captures/checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv',
    import.meta.url,
  ),
)
const imported = importViatomCsv(readFileSync(csv, 'utf8'), { device: { model: 'Checkme O2 Max' } })
if (E.isLeft(imported)) throw new Error(imported.left.message)
const IMPOSSIBLE_AT = 20
// A real night with one impossible SpO2 (150 %) where a reading was.
const night: OximetrySample[] = imported.right.map((s, i) => (i === IMPOSSIBLE_AT ? { ...s, spo2: 150 } : s))

function replayCounting(text: string) {
  const scheduler = new VirtualTimeScheduler()
  const refused: Implausible[] = []
  const samples: OximetrySample[] = []
  let error: unknown
  replay(text, { scheduler, onImplausible: (r) => refused.push(r) }).subscribe({
    next: (s) => samples.push(s),
    error: (e: unknown) => (error = e),
  })
  scheduler.flush()
  return { samples, refused, error }
}

describe('replay: impossible values are refused once and reported', () => {
  it('an imported-sample recording (sa line with SpO2 150): no reading + questionable, reported once', () => {
    expect(night[IMPOSSIBLE_AT - 1]!.spo2).not.toBeNull()
    const text = [...encodeSamplesRecording(night, { protocol: 'import:viatom-csv' })].join('')
    const { samples, refused, error } = replayCounting(text)
    expect(error).toBeUndefined()
    expect(samples).toHaveLength(night.length)
    expect(samples[IMPOSSIBLE_AT]!.spo2).toBeNull()
    expect(samples[IMPOSSIBLE_AT]!.flags.questionable).toBe(true)
    expect(refused.map((r) => [r._tag, r.quantity, r.value])).toEqual([['Implausible', 'spo2', 150]])
    // Every other sample is replayed exactly as imported.
    expect(samples.filter((_, i) => i !== IMPOSSIBLE_AT)).toEqual(night.filter((_, i) => i !== IMPOSSIBLE_AT))
  })

  it('a device recording (PLX frame carrying SpO2 150): reported once, the same refusal as the diagnostic', () => {
    const text = deviceRecordingFromSamples(night, { protocol: 'plx-continuous', device: { model: 'test' } })
    const { samples, refused, error } = replayCounting(text)
    expect(error).toBeUndefined()
    expect(samples[IMPOSSIBLE_AT]!.spo2).toBeNull()
    expect(samples.filter((s) => s.spo2 !== null && s.spo2 > 100)).toEqual([])
    expect(refused.map((r) => [r.quantity, r.value])).toEqual([['spo2', 150]])

    const scheduler = new VirtualTimeScheduler()
    const events: ReplayEvent[] = []
    replayEvents(text, { scheduler }).subscribe((e) => events.push(e))
    scheduler.flush()
    const onDiagnostics = events.flatMap((e) => (e.type === 'diagnostic' ? (e.diagnostic.implausible ?? []) : []))
    expect(onDiagnostics).toEqual(refused)
  })

  it('without onImplausible the values are still refused (the option only reports)', () => {
    const text = [...encodeSamplesRecording(night, { protocol: 'import:viatom-csv' })].join('')
    const scheduler = new VirtualTimeScheduler()
    const samples: OximetrySample[] = []
    replay(text, { scheduler }).subscribe((s) => samples.push(s))
    scheduler.flush()
    expect(samples[IMPOSSIBLE_AT]!.spo2).toBeNull()
  })
})
