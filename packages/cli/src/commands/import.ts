import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createGzip } from 'node:zlib'

import type { OximetrySample, ParseFailure } from '@openward/core'
import {
  encodeSamplesRecording,
  importEdf,
  importOximetryCsv,
  importViatomCsv,
  importViatomO2File,
} from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { UsageError } from '../usage-error.js'
import { progressBar } from './replay.js'

const FORMATS = ['edf', 'csv', 'viatom-csv', 'viatom-o2'] as const
type Format = (typeof FORMATS)[number]

const help = `Usage: openward import <file> [-o out.owrec[.gz]] [--format ${FORMATS.join('|')}] [--start <ISO time>] [--utc-offset <minutes>]

Converts a file researchers already have into an Openward recording of samples, which
'openward replay' plays back like a device recording.

Formats (detected from the file when --format is not given):
  edf         EDF/EDF+ (SpO2 and pulse channels by label; ResMed's -1 "no oximeter" fill → no value)
  csv         t_seconds,spo2[,pr[,pi]] (0 or empty = no reading); --start gives the time of t=0
  viatom-csv  Wellue/ViHealth export of O2Ring, Checkme O2 Max, ... ("Time,Oxygen Level,Pulse Rate,Motion")
  viatom-o2   Viatom O2 stored session file (versions 3 and 5)

Options:
  -o, --output FILE   write here (.gz: gzip); default standard output
  --start ISO         start time for csv (default 1970-01-01T00:00:00Z)
  --utc-offset MIN    device files carry local time without a zone: its offset from UTC (default 0)

Exit codes: 0 ok, 1 the file is not valid in its format, 2 usage, 3 a file cannot be read or written.
`

function detect(path: string, bytes: Uint8Array): Format | undefined {
  const ext = extname(path).toLowerCase()
  if (ext === '.edf' || ext === '.rec') return 'edf'
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).toLowerCase()
  if (head.startsWith('time,oxygen level')) return 'viatom-csv'
  if (head.startsWith('t_seconds') || /^\d+(\.\d+)?,/.test(head)) return 'csv'
  if (head.startsWith('0       ')) return 'edf'
  const version = (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8)
  if (version === 3 || version === 5) return 'viatom-o2'
  return undefined
}

function load(format: Format, bytes: Uint8Array, o: { startMs: number; utcOffsetMinutes: number }) {
  const text = () => new TextDecoder().decode(bytes)
  const samples = (r: E.Either<ParseFailure, readonly OximetrySample[]>) => r
  switch (format) {
    case 'edf':
      return E.map((r: { samples: readonly OximetrySample[] }) => r.samples)(importEdf(bytes, o))
    case 'csv':
      return samples(importOximetryCsv(text(), { startTimeMs: o.startMs }))
    case 'viatom-csv':
      return samples(importViatomCsv(text(), o))
    case 'viatom-o2':
      return E.map((r: { samples: readonly OximetrySample[] }) => r.samples)(importViatomO2File(bytes, o))
  }
}

function options(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      start: { type: 'string' },
      'utc-offset': { type: 'string' },
    },
    allowPositionals: true,
  })
  const [path] = positionals
  if (path === undefined || positionals.length > 1) throw new UsageError('give one input file')
  const format = values.format
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
  const startMs = values.start === undefined ? 0 : Date.parse(values.start)
  if (Number.isNaN(startMs)) throw new UsageError(`--start is not an ISO time: "${values.start}"`)
  const utcOffsetMinutes = Number(values['utc-offset'] ?? 0)
  if (!Number.isFinite(utcOffsetMinutes)) throw new UsageError('--utc-offset must be a number of minutes')
  return { path, format: format as Format | undefined, output: values.output, startMs, utcOffsetMinutes }
}

async function write(io: CommandIo, output: string | undefined, pieces: Iterable<string>, total: number) {
  const bar = progressBar(io, 'import')
  let written = 0
  if (output === undefined) {
    for (const piece of pieces) io.stdout.write(piece)
    return
  }
  const file = createWriteStream(resolve(io.cwd, output))
  const sink = output.endsWith('.gz') ? createGzip() : undefined
  sink?.pipe(file)
  const target = sink ?? file
  const finished = new Promise<void>((ok, fail) => {
    file.on('finish', ok)
    file.on('error', fail)
  })
  for (const piece of pieces) {
    if (!target.write(piece)) await new Promise<void>((r) => target.once('drain', () => r()))
    written += piece.length
    bar.update(written / total)
  }
  target.end()
  await finished
  bar.done()
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const o = options(argv)
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(resolve(io.cwd, o.path)))
  } catch (error) {
    io.stderr.write(`openward import: cannot read ${o.path}: ${(error as Error).message}\n`)
    return ExitCode.io
  }
  const format = o.format ?? detect(o.path, bytes)
  if (format === undefined) {
    io.stderr.write(`openward import: cannot tell the format of ${o.path}; give --format ${FORMATS.join('|')}\n`)
    return ExitCode.usage
  }
  const result = load(format, bytes, o)
  if (E.isLeft(result)) {
    io.stderr.write(`openward import: ${o.path} (${format}): ${result.left.message}\n`)
    return ExitCode.invalid
  }
  const samples = result.right
  const pieces = encodeSamplesRecording(samples, { protocol: `import:${format}` })
  try {
    await write(io, o.output, pieces, samples.length * 200)
  } catch (error) {
    io.stderr.write(`openward import: cannot write ${o.output}: ${(error as Error).message}\n`)
    return ExitCode.io
  }
  const noSpo2 = samples.filter((s) => s.spo2 === null).length
  io.stderr.write(
    `imported ${samples.length} samples (${noSpo2} without SpO2) from ${format}${o.output ? ` to ${o.output}` : ''}\n`,
  )
  return ExitCode.ok
}

/** `openward import`. */
export const importCommand: Command = {
  name: 'import',
  summary: 'convert EDF, CSV and Viatom/Wellue files into a replayable recording',
  help,
  run,
}
