/**
 * Recordings (.owrec) with an impossible value: the value is refused once (by the replay that reads
 * the recording, the rule every importer and decoder applies) and the refusal is counted and reported
 * by `openward analyze` and `openward replay`. Before, a device recording's refusals (made by the chunk
 * decoder) were never counted, and imported-sample recordings went through the check twice.
 * The samples are a real Checkme O2 Max night; one reading is made impossible (SpO2 150 %).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { OximetrySample } from '@openward/core'
import { deviceRecordingFromSamples, encodeSamplesRecording, importViatomCsv } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { loadSamples } from '../src/input/load-samples.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const shared = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const checkme = `${shared}captures/checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv`
const dir = mkdtempSync(join(tmpdir(), 'openward-refusals-'))

const imported = importViatomCsv(readFileSync(checkme, 'utf8'), { device: { model: 'Checkme O2 Max' } })
if (E.isLeft(imported)) throw new Error(imported.left.message)
const IMPOSSIBLE_AT = 20
const night: OximetrySample[] = imported.right.map((s, i) => (i === IMPOSSIBLE_AT ? { ...s, spo2: 150 } : s))

const files: Record<string, (samples: readonly OximetrySample[]) => string> = {
  'imported samples (import:viatom-csv)': (samples) =>
    [...encodeSamplesRecording(samples, { protocol: 'import:viatom-csv' })].join(''),
  'a device recording (plx-continuous)': (samples) =>
    deviceRecordingFromSamples(samples, { protocol: 'plx-continuous', device: { model: 'test' } }),
}

async function run(...args: string[]) {
  const c = captureIo('', dir)
  const code = await main(args, c.io)
  return { code, out: c.stdout(), err: c.stderr() }
}

describe.each(Object.entries(files))('a recording of %s with SpO2 150 %% in one sample', (name, make) => {
  const path = join(dir, `${name.replace(/\W+/g, '-')}.owrec`)
  const cleanPath = join(dir, `${name.replace(/\W+/g, '-')}-clean.owrec`)
  writeFileSync(path, make(night))
  writeFileSync(cleanPath, make(imported.right))

  it('loadSamples refuses the value once: one Implausible counted, the sample has no reading', async () => {
    const c = captureIo('', dir)
    const loaded = await loadSamples(path, c.io)()
    if (E.isLeft(loaded)) throw new Error(loaded.left.message)
    const { samples, warnings } = loaded.right
    expect(samples).toHaveLength(night.length)
    expect(samples[IMPOSSIBLE_AT]!.spo2).toBeNull()
    expect(samples[IMPOSSIBLE_AT]!.flags.questionable).toBe(true)
    expect(samples.filter((s) => s.spo2 !== null && s.spo2 > 100)).toEqual([])
    expect(warnings).toEqual([expect.stringMatching(/^1 impossible value\(s\) refused .*first: spo2 150 /)])
  })

  it('openward analyze warns with the count (1) and analyses one valid second fewer', async () => {
    const r = await run('analyze', path, '--json')
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/warning: .*: 1 impossible value\(s\) refused and treated as no reading \(first: spo2 150 /)
    const withClean = await run('analyze', cleanPath, '--json')
    expect(withClean.err).not.toMatch(/impossible/)
    const valid = (out: string) =>
      (JSON.parse(out) as { dataQuality: { validSeconds: number } }).dataQuality.validSeconds
    expect(valid(r.out)).toBeLessThan(valid(withClean.out))
  })

  it('openward replay prints the sample as no reading and warns with the count', async () => {
    const r = await run('replay', path, '--speed', 'max', '--json')
    expect(r.code).toBe(0)
    const printed = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as OximetrySample)
    expect(printed).toHaveLength(night.length)
    expect(printed[IMPOSSIBLE_AT]!.spo2).toBeNull()
    expect(r.err).toMatch(/1 impossible value\(s\) refused and printed as no reading \(first: spo2 150 /)
  })
})
