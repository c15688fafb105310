// Adversarial suite, class "impossible values never become readings": importers of exported files
// (CSV, the Viatom O2 stored file) refuse values outside core's PlausibleRange exactly as the
// live decoders do: null with the questionable flag, never a number.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { isPlausible } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { importOximetryCsv } from '../../src/import/oximetry-csv.js'
import { importViatomO2File } from '../../src/import/viatom-o2-file.js'

const o2Dir = fileURLToPath(new URL('../../../../../shared/data/captures/viatom-o2/', import.meta.url))

describe('importers refuse impossible values', () => {
  it('a CSV with SpO2 118: refused with a typed error naming the line (the whole file is suspect)', () => {
    const r = importOximetryCsv('t_seconds,spo2,pr\n0,97,60\n1,118,61\n', { startTimeMs: 0 })
    expect(E.isLeft(r) && r.left._tag === 'ParseFailure' && /line 3/.test(r.left.message)).toBe(true)
  })

  it('a CSV pulse the file format allows but no body has (350, 5 /min): null + questionable', () => {
    const r = importOximetryCsv('t_seconds,spo2,pr\n0,97,60\n1,96,350\n2,95,5\n', { startTimeMs: 0 })
    if (E.isLeft(r)) throw new Error(r.left.message)
    expect(r.right.map((x) => x.pulseRate)).toEqual([60, null, null])
    expect(r.right.map((x) => x.flags.questionable)).toEqual([false, true, true])
  })

  it('the real O2Ring stored file with SpO2 bytes overwritten to 118: every such reading is null', () => {
    const name = readdirSync(o2Dir).find((f) => f.endsWith('.bin'))
    if (name === undefined) throw new Error('no Viatom O2 stored file in shared/data/captures/viatom-o2')
    const bytes = new Uint8Array(readFileSync(`${o2Dir}${name}`))
    const clean = importViatomO2File(bytes)
    if (E.isLeft(clean)) throw new Error(clean.left.message)
    // Records follow the 40-byte header, 5 bytes each (SpO2 first); overwrite the first 50 SpO2 bytes.
    const hostile = bytes.slice()
    for (let i = 0; i < 50; i++) hostile[40 + 5 * i] = 118
    const r = importViatomO2File(hostile)
    if (E.isLeft(r)) throw new Error(r.left.message)
    const first = r.right.samples.slice(0, 50)
    expect(first.every((x) => x.spo2 === null && x.flags.questionable)).toBe(true)
    expect(r.right.samples.every((x) => x.spo2 === null || isPlausible('spo2', x.spo2))).toBe(true)
    expect(r.right.samples.slice(50)).toEqual(clean.right.samples.slice(50))
  })
})
