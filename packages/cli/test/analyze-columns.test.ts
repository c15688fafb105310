import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import { importOximetryCsv } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { analyze } from '../src/commands/analyze.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const data = (name: string) => fileURLToPath(new URL(`../../../../shared/data/spo2/${name}`, import.meta.url))

async function run(args: string[]) {
  const c = captureIo()
  const code = await main(['analyze', ...args, '--json'], c.io, [analyze])
  const { file: _file, format, ...figures } = JSON.parse(c.stdout()) as Record<string, unknown>
  return { code, format, figures, stderr: c.stderr() }
}

/**
 * `openward analyze` reads a plain CSV into typed columns and summarises them (issue 19); JSON lines of the same
 * samples go through sample objects and `analyzeRecording`. Both must print the same figures and events.
 */
describe('openward analyze: a CSV (columnar path) gives the figures of the same samples as JSON lines (object path)', () => {
  const files = [
    'physiozoo_304_overnight_1hz.csv',
    'physiozoo_corc_icu_1hz.csv',
    'physiozoo_example_spo2_1h_1hz.csv',
    'mimic2_s00001_numerics_1permin.csv',
    'ubicomp_varied_fio2_100001_masimo_1hz.csv',
  ]
  for (const name of files)
    it(name, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'openward-analyze-columns-'))
      const start = Date.UTC(2026, 0, 1, 22)
      const samples = importOximetryCsv(await readFile(data(name), 'utf8'), { startTimeMs: start })
      if (E.isLeft(samples)) throw new Error(samples.left.message)
      const jsonl = join(dir, 'same.jsonl')
      await writeFile(jsonl, samples.right.map((s) => JSON.stringify(s)).join('\n'))
      for (const profile of ['clinical', 'pobm']) {
        const csv = await run([data(name), '--profile', profile, '--start', new Date(start).toISOString()])
        const objects = await run([jsonl, '--profile', profile])
        expect([csv.format, objects.format]).toEqual(['csv', 'jsonl'])
        expect(csv.code, `${name} ${profile}`).toBe(objects.code)
        expect(csv.figures, `${name} ${profile}`).toEqual(objects.figures)
        expect(csv.stderr.replaceAll(data(name), 'FILE')).toBe(objects.stderr.replaceAll(jsonl, 'FILE'))
      }
    })

  it('an impossible pulse in a CSV is counted and refused alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openward-analyze-columns-'))
    const rows = Array.from({ length: 1200 }, (_, i) => `${i},${95 - (i % 9)},${i === 7 ? 350 : 60}`)
    const csv = join(dir, 'pulse.csv')
    await writeFile(csv, `t_seconds,spo2,pr\n${rows.join('\n')}\n`)
    const start = Date.UTC(2026, 0, 1, 22)
    const samples = importOximetryCsv(await readFile(csv, 'utf8'), { startTimeMs: start })
    if (E.isLeft(samples)) throw new Error(samples.left.message)
    const jsonl = join(dir, 'pulse.jsonl')
    await writeFile(jsonl, samples.right.map((s) => JSON.stringify(s)).join('\n'))
    const a = await run([csv, '--start', new Date(start).toISOString()])
    const b = await run([jsonl])
    expect(a.stderr).toMatch(/1 impossible value/)
    expect(a.figures).toEqual(b.figures)
  })
})

/**
 * A CSV file is read in pieces (`importOximetryCsvColumnsFromChunks`, the file's bytes never held whole); standard
 * input and gzipped files are read whole. The answers must be the same.
 */
describe('openward analyze: a CSV file read in pieces answers as the same bytes read whole', () => {
  const runWith = async (args: string[], stdin: Uint8Array | string = '') => {
    const c = captureIo(stdin)
    const code = await main(['analyze', ...args], c.io, [analyze])
    return { code, out: c.stdout(), err: c.stderr() }
  }

  it('the overnight record: the same figures and events from the file, from standard input and gzipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openward-analyze-pieces-'))
    const bytes = await readFile(data('physiozoo_304_overnight_1hz.csv'))
    const file = join(dir, 'night.csv')
    await writeFile(file, bytes)
    await writeFile(`${file}.gz`, gzipSync(bytes))
    for (const profile of ['clinical', 'pobm']) {
      const fromFile = await runWith([file, '--profile', profile, '--json'])
      const fromStdin = await runWith(['-', '--profile', profile, '--json'], bytes)
      const fromGzip = await runWith([`${file}.gz`, '--profile', profile, '--json'])
      expect(fromFile.code).toBe(0)
      const figures = (out: string) => {
        const { file: _file, ...rest } = JSON.parse(out) as Record<string, unknown>
        return rest
      }
      expect(figures(fromFile.out)).toEqual(figures(fromStdin.out))
      expect(figures(fromFile.out)).toEqual(figures(fromGzip.out))
      expect((JSON.parse(fromFile.out) as { events3: unknown[] }).events3.length).toBeGreaterThan(400)
    }
  })

  it('a bad row: the same message (file, line) and exit code from the file and from standard input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openward-analyze-pieces-'))
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},${i === 2500 ? 'ninety' : 95}`)
    const text = `t_seconds,spo2\n${rows.join('\n')}\n`
    const file = join(dir, 'bad.csv')
    await writeFile(file, text)
    const fromFile = await runWith([file])
    const fromStdin = await runWith(['-'], text)
    expect(fromFile.code).toBe(fromStdin.code)
    expect(fromFile.code).not.toBe(0)
    expect(fromFile.err).toMatch(/line 2502/)
    expect(fromFile.err.replaceAll(file, 'FILE')).toBe(fromStdin.err.replaceAll(/(?<=: )-(?= is)/g, 'FILE'))
  })
})
