/**
 * `openward analyze` reads the files people have, told apart by content: the real captures in
 * shared/data (Viatom O2 binary and its app export, Checkme O2 Max export, ResMed EDF, the plain
 * CSVs), renamed and gzipped; several nights at once with a combined line; CSV dates only when
 * given (`--start`), never 1970.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import { describe, expect, it } from 'vitest'

import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const shared = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const o2Bin = `${shared}captures/viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin`
const o2Csv = `${shared}captures/viatom-o2/o2ring_tolnaiz_20250306222056_export.csv`
const checkme = `${shared}captures/checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv`
const edf = `${shared}captures/resmed-edf/airsense10_stagpoint_20230823_020701_SAD.edf`
const hourCsv = `${shared}spo2/physiozoo_example_spo2_1h_1hz.csv`
const dir = mkdtempSync(join(tmpdir(), 'openward-inputs-'))

interface Night {
  file: string
  format: string
  start: string | null
  odi3: number | null
  ct90: number | null
  nadir: number | null
  samples: number
  noData: { reason: string } | null
  events3: unknown[]
}

async function analyze(...args: string[]) {
  const c = captureIo('', dir)
  const code = await main(['analyze', ...args], c.io)
  return { code, out: c.stdout(), err: c.stderr() }
}

describe('analyze: input the way people have it', () => {
  it('the O2Ring night as the device file and as the app export gives the same figures', async () => {
    const bin = await analyze(o2Bin, '--json')
    const csv = await analyze(o2Csv, '--json')
    expect([bin.code, csv.code]).toEqual([0, 0])
    const b = JSON.parse(bin.out) as Night
    const c = JSON.parse(csv.out) as Night
    expect(b.format).toBe('viatom-o2')
    expect(c.format).toBe('viatom-csv')
    expect(b.start).toBe('2025-03-06T22:20:56.000Z')
    expect(b.odi3).not.toBeNull()
    expect([b.odi3, b.ct90, b.nadir, b.samples]).toEqual([c.odi3, c.ct90, c.nadir, c.samples])
  })

  it('detects by content, not name: the O2 binary renamed .csv and gzipped, the export renamed .dat', async () => {
    const renamed = join(dir, 'night.csv.gz')
    writeFileSync(renamed, gzipSync(readFileSync(o2Bin)))
    copyFileSync(o2Csv, join(dir, 'export.dat'))
    const a = JSON.parse((await analyze(renamed, '--json')).out) as Night
    const b = JSON.parse((await analyze('export.dat', '--json')).out) as Night
    expect(a.format).toBe('viatom-o2')
    expect(b.format).toBe('viatom-csv')
    expect(a.odi3).toBe(b.odi3)
  })

  it('several nights: each reported, then one combined line pooling events over valid hours', async () => {
    const r = await analyze(o2Bin, checkme, hourCsv, '--start', '2026-01-01T22:00:00Z')
    expect(r.code).toBe(0)
    const blocks = r.out.trim().split('\n')
    expect(blocks.filter((l) => /^ODI3 /.test(l))).toHaveLength(3)
    const combined = blocks.at(-1)!
    expect(combined).toMatch(/^combined: 3 of 3 files, [\d.]+ h valid: ODI3 [\d.]+\/h \(\d+\)/)
    const json = JSON.parse((await analyze(o2Bin, checkme, '--json')).out) as {
      files: Night[]
      combined: { events3: number; odi3: number; validSeconds: number }
    }
    expect(json.files.map((f) => f.format)).toEqual(['viatom-o2', 'viatom-csv'])
    // Pooled: every event of both nights, per hour of both nights' valid time (clinical denominators).
    const events = json.files.reduce((n, f) => n + f.events3.length, 0)
    expect(json.combined.events3).toBe(events)
    expect(json.combined.odi3).toBeCloseTo((events / json.combined.validSeconds) * 3600, 9)
  })

  it('a night with no oximeter (ResMed EDF, all "no value") among good ones: n/a for it, exit 4, combined over the rest', async () => {
    const r = await analyze(edf, o2Bin)
    expect(r.code).toBe(4)
    expect(r.out).toContain('no figures: no valid SpO2 reading (ODI, CT90, nadir and mean are n/a, not 0)')
    expect(r.out).toMatch(/combined: 1 of 2 files/)
    expect(r.err).toMatch(/warning: .*SAD\.edf: figures n\/a: no valid SpO2 reading/)
  })

  it('CSV without --start prints no date (never 1970); with --start it prints that time', async () => {
    const without = await analyze(hourCsv)
    expect(without.out).toContain('start time unknown: give --start')
    expect(without.out).not.toContain('1970')
    const json = JSON.parse((await analyze(hourCsv, '--json')).out) as Night
    expect(json.start).toBeNull()
    const dated = await analyze(hourCsv, '--start', '2026-03-06T22:20:00+01:00')
    expect(dated.out).toContain('from 2026-03-06T21:20:00.000Z')
    const bad = await analyze(hourCsv, '--start', '2026-03-06 22:20')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--start must be an ISO time with a zone/)
  })

  it('a file that is not oximetry is named with what it looks like; the good files are still analysed', async () => {
    writeFileSync(join(dir, 'monitor.csv'), 'Timestamp,SpO2 (%),HR\n2026-01-01 22:00:00,97,60\n')
    const r = await analyze(`${shared}images/jpeg/exiftool__GPS.jpg`, hourCsv, 'monitor.csv')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/exiftool__GPS\.jpg is not a valid recording: it looks like a JPEG image/)
    expect(r.err).toMatch(
      /monitor\.csv is not a valid recording: it looks like a CSV with an SpO2 column in a layout openward does not read \(found columns Timestamp, SpO2 \(%\), HR;/,
    )
    expect(r.out).toMatch(/^ODI3 /m)
  })

  it("Contec's session file (.SpO2) and the same software's CSV export of it give the same figures", async () => {
    const file = await analyze(`${shared}captures/contec-hid/cms50e_hid_icefest_expected_auto.SpO2`, '--json')
    const csv = await analyze(`${shared}captures/contec-hid/cms50e_hid_icefest_expected_auto.csv`, '--json')
    expect([file.code, csv.code]).toEqual([0, 0])
    const a = JSON.parse(file.out) as Night
    const b = JSON.parse(csv.out) as Night
    expect([a.format, b.format]).toEqual(['contec-spo2', 'contec-csv'])
    expect([a.start, a.odi3, a.ct90, a.nadir, a.samples]).toEqual([b.start, b.odi3, b.ct90, b.nadir, b.samples])
  })

  it("Contec's own software export (DATE,TIME,SPO2,PULSE) is read: the CMS50E Auto record, 2 h 54 min from 2021-05-15 12:06:42", async () => {
    const r = await analyze(`${shared}captures/contec-hid/cms50e_hid_icefest_expected_auto.csv`, '--json')
    expect(r.code, r.err).toBe(0)
    const night = JSON.parse(r.out) as Night & { dataQuality: { totalSeconds: number } }
    expect(night.format).toBe('contec-csv')
    expect(night.start).toBe('2021-05-15T12:06:42.000Z')
    expect(night.dataQuality.totalSeconds).toBeGreaterThan(10_000)
    expect(night.nadir).toBeGreaterThanOrEqual(90)
  })

  it('an impossible value in a device file (SpO2 118 % in an O2Ring record) is refused as no reading, counted, never analysed', async () => {
    const bytes = Uint8Array.from(readFileSync(o2Bin))
    bytes[40 + 5 * 100] = 118 // record 100's SpO2 byte (40-byte header, 5-byte records)
    writeFileSync(join(dir, 'implausible.bin'), bytes)
    const r = await analyze('implausible.bin', '--json')
    expect(r.code).toBe(0)
    expect(r.err).toMatch(
      /warning: implausible\.bin: 1 impossible value\(s\) refused and treated as no reading \(first: spo2 118 is outside 0–100 %/,
    )
    const clean = JSON.parse((await analyze(o2Bin, '--json')).out) as Night & { dataQuality: { validSeconds: number } }
    const got = JSON.parse(r.out) as Night & { dataQuality: { validSeconds: number } }
    expect(got.dataQuality.validSeconds).toBeLessThan(clean.dataQuality.validSeconds)
  })
})
