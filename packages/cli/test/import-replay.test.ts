import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

import { describe, expect, it } from 'vitest'

import { importCommand } from '../src/commands/import.js'
import { replay } from '../src/commands/replay.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const shared = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'openward-cli-'))

async function run(args: string[], tty = false) {
  const c = captureIo('', dir)
  if (tty) (c.io.stderr as { isTTY?: boolean }).isTTY = true
  const code = await main(args, c.io, [importCommand, replay])
  return { code, out: c.stdout(), err: c.stderr() }
}
const jsonLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { timeMs: number; spo2: number | null; pulseRate: number | null })

describe('openward import → openward replay', () => {
  it('EDF (ResMed AirSense 10): 420 samples, every one "no value" (the -1 fill), replayed at max speed', async () => {
    const imported = await run([
      'import',
      `${shared}captures/resmed-edf/airsense10_stagpoint_20230823_020701_SAD.edf`,
      '-o',
      'sad.owrec',
    ])
    expect(imported).toMatchObject({ code: 0, out: '' })
    expect(imported.err).toBe('imported 420 samples (420 without SpO2) from edf to sad.owrec\n')
    const replayed = await run(['replay', 'sad.owrec', '--speed', 'max', '--json'])
    expect(replayed.code).toBe(0)
    const samples = jsonLines(replayed.out)
    expect(samples).toHaveLength(420)
    expect(samples.every((s) => s.spo2 === null && s.pulseRate === null)).toBe(true)
    expect(samples[0]!.timeMs).toBe(Date.UTC(2023, 7, 23, 2, 7, 2))
  })

  it('Checkme O2 Max export to a gzipped recording; replay prints readable lines', async () => {
    const file = `${shared}captures/checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv`
    const imported = await run(['import', file, '-o', 'checkme.owrec.gz'])
    expect(imported.code).toBe(0)
    const bytes = readFileSync(join(dir, 'checkme.owrec.gz'))
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b])
    expect(gunzipSync(bytes).toString().split('\n')[1]).toMatch(/^0 sa - \{"timeMs":1771570392000,/)
    const replayed = await run(['replay', 'checkme.owrec.gz', '--speed', 'max'])
    const lines = replayed.out.trim().split('\n')
    expect(lines).toHaveLength(2548)
    expect(lines[0]).toBe('2026-02-20T06:53:12.000Z  SpO2 96 %  PR 70 /min  [motion]')
    expect(lines.at(-1)).toBe('2026-02-20T08:18:06.000Z  SpO2 --  PR --')
  })

  it('plain CSV with --start, to standard output; replay at 1000× in real time', async () => {
    const csv = join(dir, 'short.csv')
    writeFileSync(csv, 't_seconds,spo2,pr\n0,97,60\n1,0,61\n2,95,0\n')
    const imported = await run(['import', csv, '--start', '2024-01-01T00:00:00Z'])
    expect(imported.code).toBe(0)
    writeFileSync(join(dir, 'short.owrec'), imported.out)
    const started = Date.now()
    const replayed = await run(['replay', 'short.owrec', '--speed', '1000', '--json'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(1)
    expect(jsonLines(replayed.out).map((s) => [s.timeMs, s.spo2, s.pulseRate])).toEqual([
      [Date.UTC(2024, 0, 1), 97, 60],
      [Date.UTC(2024, 0, 1) + 1000, null, 61],
      [Date.UTC(2024, 0, 1) + 2000, 95, null],
    ])
  })

  it('a damaged recording: every sample before the damage, then the line and offset, exit 1', async () => {
    const text = (await run(['import', `${shared}captures/viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin`])).out
    const lines = text.split('\n')
    lines[6] = lines[6]!.slice(0, 10)
    writeFileSync(join(dir, 'damaged.owrec'), lines.join('\n'))
    const replayed = await run(['replay', 'damaged.owrec', '--speed', 'max', '--json'])
    expect(replayed.code).toBe(1)
    expect(jsonLines(replayed.out)).toHaveLength(5)
    expect(replayed.err).toMatch(/^\nopenward replay: recording line 7 \(offset \d+\): /)
  })

  it('draws a progress bar on a terminal only', async () => {
    const file = `${shared}captures/checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv`
    const piped = await run(['import', file, '-o', 'p.owrec'])
    expect(piped.err).not.toContain('[')
    const tty = await run(['import', file, '-o', 'p.owrec'], true)
    expect(tty.err).toContain('\rimport [####################] 100%')
    const replayTty = await run(['replay', 'p.owrec', '--speed', 'max'], true)
    expect(replayTty.err).toContain('\rreplay [####################] 100%\n')
  })

  it.each([
    [['replay', 'nope.owrec'], 3, /cannot read nope.owrec/],
    [['replay', 'x', '--speed', '0'], 2, /--speed must be a number > 0 or "max"/],
    [['import', 'nope.edf'], 3, /cannot read nope.edf/],
    [
      ['import', 'x', '--format', 'xls'],
      2,
      /--format must be one of edf, csv, viatom-csv, contec-csv, contec-spo2, viatom-o2/,
    ],
  ])('%j exits %i', async (args, code, why) => {
    const r = await run(args)
    expect(r.code).toBe(code)
    expect(r.err).toMatch(why)
  })

  it('an unknown protocol in a recording header exits 1 listing the known ids', async () => {
    writeFileSync(
      join(dir, 'acme.owrec'),
      '{"format":"openward-recording","version":1,"protocol":"acme-9000","clock":"host","startTimeMs":0}\n0 rx serial 00\n',
    )
    const r = await run(['replay', 'acme.owrec', '--speed', 'max'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/unknown protocol id "acme-9000"; known ids: plx-continuous/)
  })
})
