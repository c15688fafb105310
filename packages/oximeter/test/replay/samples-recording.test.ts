import type { OpenwardError, OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { importViatomCsv } from '../../src/import/viatom-csv.js'
import { encodeSamplesRecording } from '../../src/recording/samples-recording.js'
import { replay } from '../../src/replay/replay-recording.js'

const csv = fileURLToPath(
  new URL(
    '../../../../../shared/data/captures/checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv',
    import.meta.url,
  ),
)

function replayAll(text: string) {
  const scheduler = new VirtualTimeScheduler()
  const got: Array<[number, OximetrySample]> = []
  let error: OpenwardError | undefined
  replay(text, { scheduler }).subscribe({ next: (s) => got.push([scheduler.now(), s]), error: (e) => (error = e) })
  scheduler.flush()
  return { got, error }
}

describe('recordings of imported samples (sa lines)', () => {
  const imported = importViatomCsv(readFileSync(csv, 'utf8'), { device: { model: 'Checkme O2 Max' } })
  if (E.isLeft(imported)) throw new Error(imported.left.message)
  const samples = imported.right
  const text = [
    ...encodeSamplesRecording(samples, { protocol: 'import:viatom-csv', device: { model: 'Checkme O2 Max' } }),
  ].join('')

  it('replays a real Checkme O2 Max night exactly, at 2 s offsets in virtual time', () => {
    const { got, error } = replayAll(text)
    expect(error).toBeUndefined()
    expect(got.map(([, s]) => s)).toEqual(samples)
    expect(got.at(-1)![0]).toBe(samples.at(-1)!.timeMs - samples[0]!.timeMs)
    expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({
      protocol: 'import:viatom-csv',
      clock: 'recording',
    })
  })

  it('stops at a sample line that fails the OximetrySample codec, after replaying the ones before it', () => {
    const lines = text.split('\n')
    lines[11] = lines[11]!.replace('"spo2":', '"spo2":"high","x":')
    const { got, error } = replayAll(lines.join('\n'))
    expect(got).toHaveLength(10)
    expect(error?.error).toMatchObject({ _tag: 'CorruptRecording', line: 12 })
    expect(error?.error.message).toMatch(/bad sample: OximetrySample: spo2/)
  })
})
