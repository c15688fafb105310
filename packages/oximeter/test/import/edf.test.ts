import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

import { importEdf } from '../../src/import/edf.js'

const dir = fileURLToPath(new URL('../../../../../shared/data/captures/resmed-edf/', import.meta.url))
const read = (name: string) => new Uint8Array(readFileSync(dir + name))

/** A small synthetic EDF+ (2 signals, 2 records of 2 s) built from the spec's field widths. */
function syntheticEdf(spo2Digital: number[], prDigital: number[], records = 2, labels = ['SaO2', 'PR']): Uint8Array {
  const ns = 2
  const pad = (s: string, n: number) => s.padEnd(n, ' ').slice(0, n)
  let header = pad('0', 8) + pad('X X X X', 80) + pad('Startdate 01-JAN-2024 X X X', 80) + '01.01.24' + '23.59.58'
  header +=
    pad(String(256 * (ns + 1)), 8) + pad('EDF+C', 44) + pad(String(records), 8) + pad('2', 8) + pad(String(ns), 4)
  const each = (vals: string[], n: number) => vals.map((v) => pad(v, n)).join('')
  header += each(labels, 16) + each(['', ''], 80) + each(['%', 'bpm'], 8)
  header += each(['0', '0'], 8) + each(['100', '250'], 8) + each(['0', '0'], 8) + each(['1000', '250'], 8)
  header += each(['', ''], 80) + each(['2', '1'], 8) + each(['', ''], 32)
  const body = new DataView(new ArrayBuffer(records * (2 + 1) * 2))
  let o = 0
  for (let r = 0; r < records; r++) {
    for (let k = 0; k < 2; k++, o += 2) body.setInt16(o, spo2Digital[r * 2 + k] ?? 0, true)
    body.setInt16(o, prDigital[r] ?? 0, true)
    o += 2
  }
  const out = new Uint8Array(header.length + body.byteLength)
  for (let i = 0; i < header.length; i++) out[i] = header.charCodeAt(i)
  out.set(new Uint8Array(body.buffer), header.length)
  return out
}

describe('importEdf', () => {
  it('AirSense 10 SAD: 7 × 60 s of the −1 "no oximeter" fill → 420 samples, all null, never −1 %', () => {
    const result = importEdf(read('airsense10_stagpoint_20230823_020701_SAD.edf'))
    expect(E.isRight(result)).toBe(true)
    if (E.isLeft(result)) return
    const r = result.right
    expect(r.spo2Signal).toMatchObject({ label: 'SpO2.1s', digitalMin: 0, physicalMax: 100, samplesPerRecord: 60 })
    expect(r.pulseSignal).toMatchObject({ label: 'Pulse.1s', digitalMin: 18, physicalMin: 18 })
    expect(r.samples).toHaveLength(420)
    expect(r.outOfRangeCount).toBe(840)
    expect(r.samples.every((s) => s.spo2 === null && s.pulseRate === null)).toBe(true)
    expect(r.samples[0]).toMatchObject({ timeMs: Date.UTC(2023, 7, 23, 2, 7, 2), clock: 'recording' })
    expect(r.samples[419]!.timeMs).toBe(Date.UTC(2023, 7, 23, 2, 7, 2) + 419_000)
    expect(r.warnings).toEqual([])
  })

  it('AirSense 11 SA2 (pulse physical minimum 0): 24 records → 1440 null samples', () => {
    const result = importEdf(read('airsense11_cascadepass_20241018_021408_SA2.edf'), { utcOffsetMinutes: 60 })
    expect(E.isRight(result) && result.right.samples).toHaveLength(1440)
    if (E.isLeft(result)) return
    expect(result.right.pulseSignal?.physicalMin).toBe(0)
    expect(result.right.samples.filter((s) => s.spo2 !== null || s.pulseRate !== null)).toEqual([])
    expect(result.right.samples[0]!.timeMs).toBe(Date.UTC(2024, 9, 18, 1, 14, 8))
  })

  it('header-only file with record count −1: no samples, a warning, no error', () => {
    const result = importEdf(read('airsense10_stagpoint_20230822_224924_SAD_header_only.edf'))
    expect(E.isRight(result)).toBe(true)
    if (E.isRight(result)) {
      expect(result.right.header.declaredRecordCount).toBe(-1)
      expect(result.right.samples).toEqual([])
      expect(result.right.warnings[0]).toMatch(/record count is -1/)
    }
  })

  it('scales digital to physical per signal and holds each pulse value over its SpO2 samples', () => {
    const result = importEdf(syntheticEdf([975, 960, -1, 1001], [62, 300]))
    expect(E.isRight(result)).toBe(true)
    if (E.isLeft(result)) return
    expect(result.right.header.reserved).toBe('EDF+C')
    expect(result.right.samples.map((s) => [s.timeMs - Date.UTC(2024, 0, 1, 23, 59, 58), s.spo2, s.pulseRate])).toEqual(
      [
        [0, 97.5, 62],
        [1000, 96, 62],
        [2000, null, null], // −1 below digital min 0; 300 above digital max 250
        [3000, null, null], // 1001 above digital max 1000
      ],
    )
    expect(result.right.samples[0]!.provenance.protocol).toBe('import:edf+')
  })

  it('keeps the complete records of a truncated file and says so', () => {
    const full = syntheticEdf([975, 960, 950, 940], [62, 63])
    const result = importEdf(full.subarray(0, full.length - 3))
    expect(E.isRight(result) && result.right.samples.map((s) => s.spo2)).toEqual([97.5, 96])
    expect(E.isRight(result) && result.right.warnings[0]).toMatch(/1 of 2 declared records/)
  })

  it('lists the channels it found when none is SpO2 or pulse', () => {
    const result = importEdf(syntheticEdf([1], [1], 1, ['EEG Fpz-Cz', 'Resp chest']))
    expect(E.isLeft(result) && result.left.message).toBe(
      'no SpO2 or pulse channel found; channels: "EEG Fpz-Cz", "Resp chest"',
    )
  })

  it.each([
    ['too short', new Uint8Array(100), /truncated/],
    ['not EDF', new TextEncoder().encode('X'.repeat(300)), /not an EDF file/],
  ])('rejects a file that is %s', (_, bytes, why) => {
    const result = importEdf(bytes)
    expect(E.isLeft(result) && result.left.message).toMatch(why)
  })
})

/**
 * An EDF+D file (EDF+ 2003 §2.1.3.2): 1 SpO2 sample and 1 pulse sample per 1 s record, plus the
 * "EDF Annotations" signal whose time-keeping TAL (§2.2.4) gives each record's onset.
 */
function edfPlusD(onsetsS: readonly number[], spo2: readonly number[]): Uint8Array {
  const ns = 3
  const annotationSamples = 8 // 16 bytes: "+12\x14\x14\0" padded with NULs
  const pad = (s: string, n: number) => s.padEnd(n, ' ').slice(0, n)
  const each = (vals: string[], n: number) => vals.map((v) => pad(v, n)).join('')
  let header = pad('0', 8) + pad('X X X X', 80) + pad('Startdate 01-JAN-2024 X X X', 80) + '01.01.24' + '22.00.00'
  header +=
    pad(String(256 * (ns + 1)), 8) +
    pad('EDF+D', 44) +
    pad(String(onsetsS.length), 8) +
    pad('1', 8) +
    pad(String(ns), 4)
  header += each(['SpO2', 'Pulse', 'EDF Annotations'], 16) + each(['', '', ''], 80) + each(['%', 'bpm', ''], 8)
  header += each(['0', '0', '-1'], 8) + each(['100', '250', '1'], 8) + each(['0', '0', '-32768'], 8)
  header += each(['100', '250', '32767'], 8) + each(['', '', ''], 80) + each(['1', '1', String(annotationSamples)], 8)
  header += each(['', '', ''], 32)
  const recordBytes = 2 * (1 + 1 + annotationSamples)
  const out = new Uint8Array(header.length + onsetsS.length * recordBytes)
  for (let i = 0; i < header.length; i++) out[i] = header.charCodeAt(i)
  const view = new DataView(out.buffer)
  onsetsS.forEach((onset, r) => {
    const at = header.length + r * recordBytes
    view.setInt16(at, spo2[r] ?? 0, true)
    view.setInt16(at + 2, 60 + r, true)
    const tal = `+${onset}\x14\x14\x00`
    for (let i = 0; i < tal.length; i++) out[at + 4 + i] = tal.charCodeAt(i)
  })
  return out
}

describe('importEdf, EDF+D (discontinuous)', () => {
  it('places each record at its time-keeping onset, so a gap stays a gap', () => {
    const result = importEdf(edfPlusD([0, 1, 2, 600, 601], [97, 96, 95, 94, 93]))
    expect(E.isRight(result)).toBe(true)
    if (E.isLeft(result)) return
    const start = Date.UTC(2024, 0, 1, 22, 0, 0)
    expect(result.right.samples.map((s) => [(s.timeMs - start) / 1000, s.spo2, s.pulseRate])).toEqual([
      [0, 97, 60],
      [1, 96, 61],
      [2, 95, 62],
      [600, 94, 63],
      [601, 93, 64],
    ])
    expect(result.right.samples[0]!.provenance.protocol).toBe('import:edf+')
  })

  it('refuses a record whose onset goes backwards, naming the record', () => {
    const result = importEdf(edfPlusD([0, 10, 5], [97, 96, 95]))
    expect(E.isLeft(result) && result.left.message).toMatch(
      /data record 3 starts at 5 s, before the previous record ends \(11 s\)/,
    )
  })

  it('refuses a record without a time-keeping annotation', () => {
    const bytes = edfPlusD([0, 1], [97, 96])
    bytes.fill(0, bytes.length - 16) // the second record's annotation bytes
    expect(E.isLeft(importEdf(bytes)) && (importEdf(bytes) as E.Left<{ message: string }>).left.message).toMatch(
      /data record 2 has no time-keeping annotation/,
    )
  })
})
