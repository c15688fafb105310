/**
 * Adversarial inputs × commands. Each row makes one bad input; each column is a command and the
 * exit code it must give (README "Exit codes"). Every cell also checks the failure is one short line
 * on stderr: no stack trace, no exit 70, no flood from a huge field.
 *
 * Extend it: add a row to `INPUTS` (a maker and the expected codes), or a column to `COMMANDS`.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import { describe, expect, it } from 'vitest'

import { main } from '../../src/main.js'
import { captureIo } from '../capture-io.js'

const shared = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'openward-adversarial-'))
const root = process.getuid?.() === 0
const realCsv = readFileSync(`${shared}spo2/physiozoo_example_spo2_1h_1hz.csv`)

/** A file in the test directory with these bytes; returns its path. */
const file = (name: string, bytes: string | Uint8Array): string => {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

/** Deterministic bytes with no structure (a linear congruential generator; seeded, so failures reproduce). */
function garbage(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** A valid recording (imported from the real 1 h CSV) for the recording-shaped rows. */
async function importedRecording(name: string): Promise<string> {
  const c = captureIo('', dir)
  const csv = file(`${name}.csv`, realCsv)
  expect(await main(['import', csv, '-o', `${name}.owrec`, '--start', '2026-03-06T22:00:00Z'], c.io)).toBe(0)
  return join(dir, `${name}.owrec`)
}

type Code = number | undefined
interface Row {
  readonly name: string
  readonly make: () => string | Promise<string>
  /** Expected exit code per command; undefined: the command does not take this kind of input. */
  readonly expect: {
    analyze: Code
    import: Code
    replay: Code
    report: Code
    validate: Code
    push?: Code
    decode?: Code
  }
  /** What stderr must say (for analyze, the richest message). */
  readonly says?: RegExp
}

const INPUTS: readonly Row[] = [
  {
    name: 'missing file',
    make: () => join(dir, 'no-such-file.csv'),
    expect: { analyze: 3, import: 3, replay: 3, report: 3, validate: 3, push: 3, decode: 3 },
    says: /cannot read .*no-such-file\.csv: no such file/,
  },
  {
    name: 'a directory given as the file',
    make: () => {
      mkdirSync(join(dir, 'a-directory'), { recursive: true })
      return join(dir, 'a-directory')
    },
    expect: { analyze: 3, import: 3, replay: 3, report: 3, validate: 3, push: 3, decode: 3 },
    says: /is a directory, not a file/,
  },
  {
    name: 'an unreadable file',
    // Root reads any file whatever its mode, so as root use a file the kernel refuses to read.
    make: () => {
      if (root) return '/proc/self/mem'
      const path = file('unreadable.csv', realCsv)
      chmodSync(path, 0o000)
      return path
    },
    expect: { analyze: 3, import: 3, replay: 3, report: 3, validate: 3, push: 3, decode: 3 },
    says: /cannot read/,
  },
  {
    name: 'an empty file',
    make: () => file('empty.csv', ''),
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1, push: 1 },
    says: /the file is empty/,
  },
  {
    name: 'garbage bytes',
    make: () => file('garbage.owrec', garbage(50_000)),
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1, push: 1 },
    says: /looks like binary data of no format openward knows/,
  },
  {
    name: 'a truncated gzip',
    make: () => {
      const zipped = gzipSync(realCsv)
      return file('cut.csv.gz', zipped.subarray(0, zipped.length >> 1))
    },
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: undefined, push: 1 },
    says: /gzip stream is truncated or damaged/,
  },
  {
    name: 'one huge line (8 MB, no line end)',
    make: () => file('huge.csv', `t_seconds,spo2,${'x'.repeat(8 << 20)}`),
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1, push: 1 },
    says: /header must be t_seconds,spo2/,
  },
  {
    name: 'a JPEG photo',
    make: () => `${shared}images/jpeg/exiftool__GPS.jpg`,
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1, push: 1 },
    says: /it looks like a JPEG image/,
  },
  {
    name: 'a DICOM file',
    make: () => `${shared}images/dicom/dcmjs__sample-op.dcm`,
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: undefined, push: 1 },
    says: /it looks like a DICOM file/,
  },
  {
    name: 'a CSV without an SpO2 column',
    make: () => file('no-spo2.csv', 'a,b,c\n1,2,3\n'),
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1, push: 1 },
    says: /a CSV without an SpO2 column \(found columns a, b, c\)/,
  },
  {
    name: 'a CSV whose time goes backwards',
    make: () => file('backwards.csv', 't_seconds,spo2\n0,97\n1,96\n2,95\n1,94\n'),
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1, push: 1 },
    says: /line 5: time goes backwards/,
  },
  {
    name: 'a CSV with a repeated time (sampling interval unknown)',
    make: () => file('repeat.csv', 't_seconds,spo2\n0,97\n1,96\n1,95\n'),
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1 },
    says: /line 4: t_seconds 1 repeats the previous row: the sampling interval is unknown/,
  },
  {
    name: 'a Viatom O2 file whose duration field is 0 (sampling interval unknown)',
    make: () => {
      const bytes = Uint8Array.from(readFileSync(`${shared}captures/viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin`))
      bytes[13] = 0 // duration, u16 little-endian at offset 13
      bytes[14] = 0
      return file('no-interval.bin', bytes)
    },
    expect: { analyze: 1, import: 1, replay: 1, report: 1, validate: 1, push: 1 },
    says: /record 2 is at the same time as or before the previous one \(duration field 0 s for 7818 records\): the sampling interval is unknown/,
  },
  {
    name: 'a recording with a header and no samples',
    make: () => file('header-only.owrec', `${readFileSync(join(dir, 'base.owrec'), 'utf8').split('\n')[0]}\n#end 0\n`),
    expect: { analyze: 4, import: 0, replay: 0, report: undefined, validate: undefined },
    says: /figures n\/a: no samples/,
  },
  {
    name: 'a recording cut mid-line (a writer killed part-way)',
    make: () => {
      const text = readFileSync(join(dir, 'base.owrec'), 'utf8')
      return file('cut.owrec', text.slice(0, Math.floor(text.length * 0.6)))
    },
    expect: { analyze: 5, import: 5, replay: 1, report: undefined, validate: undefined },
    says: /is incomplete \(.*recording line \d+ .*truncated/,
  },
  {
    name: 'a recording whose end marker counts lines that are missing',
    make: () => {
      const lines = readFileSync(join(dir, 'base.owrec'), 'utf8').split('\n')
      lines.splice(100, 50)
      return file('holes.owrec', lines.join('\n'))
    },
    expect: { analyze: 5, import: 5, replay: 1, report: undefined, validate: undefined },
    says: /the end marker counts 3610 body lines but 3560 precede it/,
  },
]

const COMMANDS: Record<keyof Row['expect'], (path: string) => string[]> = {
  analyze: (p) => ['analyze', p],
  import: (p) => ['import', p, '-o', join(dir, 'out.owrec')],
  replay: (p) => ['replay', p, '--speed', 'max'],
  report: (p) => ['report', p, '-o', join(dir, 'out.html')],
  validate: (p) => ['validate', p],
  // The server is never reached: each of these inputs is refused before anything is queued.
  push: (p) => [
    'push',
    p,
    '--fhir',
    'http://127.0.0.1:9/fhir',
    '--nhs-number',
    '9000000009',
    '--device-id',
    'x',
    '--outbox',
    join(dir, 'outbox.ndjson'),
  ],
  decode: (p) => ['decode', '--protocol', 'contec-v7', '--file', p],
}

describe('adversarial inputs: every command × every bad input gives its documented exit code and one line', () => {
  it('makes the base recording the recording-shaped rows start from', async () => {
    await importedRecording('base')
  })

  for (const row of INPUTS) {
    for (const [command, args] of Object.entries(COMMANDS) as [keyof Row['expect'], (p: string) => string[]][]) {
      const expected = row.expect[command]
      if (expected === undefined) continue
      it(`${command} × ${row.name} → exit ${expected}`, async () => {
        const path = await row.make()
        const c = captureIo('', dir)
        const code = await main(args(path), c.io)
        expect(code, c.stderr()).toBe(expected)
        expect(c.stderr()).not.toMatch(/\n\s+at /) // no stack trace
        // One line per finding (a warning and the failure at most), each short.
        const lines = c
          .stderr()
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('imported ') && !l.startsWith('openward report: wrote'))
        expect(lines.length, c.stderr()).toBeLessThanOrEqual(3)
        for (const line of lines) expect(line.length).toBeLessThan(600)
        if (command === 'analyze' && row.says !== undefined) expect(c.stderr()).toMatch(row.says)
      })
    }
  }
})
