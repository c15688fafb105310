import { parseArgs } from 'node:util'

import { encodeSamplesRecording } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { type InputFormat, loadSamples } from '../input/load-samples.js'
import { isoTime, utcOffsetMinutes } from '../option-values.js'
import { openAtomicOutput, outputFailureExit } from '../output/atomic-output.js'
import { UsageError } from '../usage-error.js'
import { progressBar } from './replay.js'

const FORMATS = [
  'edf',
  'csv',
  'viatom-csv',
  'contec-csv',
  'contec-spo2',
  'viatom-o2',
] as const satisfies readonly InputFormat[]

const help = `Usage: openward import <file> [-o out.owrec[.gz]] [--format ${FORMATS.join('|')}] [--start <ISO time>] [--utc-offset <minutes>]

Converts a file researchers already have into an Openward recording of samples, which
'openward replay' plays back like a device recording.

Formats (told apart by content when --format is not given; gzipped files too):
  edf         EDF/EDF+, including EDF+D with gaps (SpO2 and pulse channels by label; ResMed's -1
              "no oximeter" fill → no value)
  csv         t_seconds,spo2[,pr[,pi]] (0 or empty = no reading); --start gives the time of t=0
  viatom-csv  Wellue/ViHealth export of O2Ring, Checkme O2 Max, ... ("Time,Oxygen Level,Pulse Rate,Motion")
  contec-csv  Contec "SpO2" PC software export ("DATE,TIME,SPO2,PULSE"; 127/255 = no value)
  contec-spo2 Contec "SpO2" PC software session file (.SpO2; CMS50D/E/F/H, CMS60)
  viatom-o2   Viatom O2 stored session file (versions 3 and 5)

Options:
  -o, --output FILE   write here (.gz: gzip); default standard output. The file appears only when
                      complete (written under a temporary name, then renamed); never one of the inputs
  --start ISO         clock time of t = 0 for csv, with a zone (e.g. 2026-03-06T22:20:00Z); without it
                      the recording's times count from 1970-01-01 and are not dates
  --utc-offset MIN    device files carry local time without a zone: its offset from UTC (default 0)

Exit codes: 0 ok, 1 the file is not valid in its format, 2 usage (or the output is the input),
3 a file cannot be read or written, 5 the source is cut short (written, marked incomplete).
`

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
  return {
    path,
    ...(format === undefined ? {} : { format: format as InputFormat }),
    output: values.output,
    ...(values.start === undefined ? {} : { startTimeMs: isoTime(values.start, '--start') }),
    utcOffsetMinutes: utcOffsetMinutes(values['utc-offset']),
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const o = options(argv)
  // Refuse an output that is the input before reading anything.
  const out = o.output === undefined ? undefined : await openAtomicOutput(o.output, io, { inputs: [o.path] })
  if (out !== undefined && E.isLeft(out)) {
    io.stderr.write(`openward import: ${out.left.message}\n`)
    return outputFailureExit(out.left)
  }
  const loaded = await loadSamples(o.path, io, o)()
  if (E.isLeft(loaded)) {
    if (out !== undefined) await out.right.abort()
    io.stderr.write(`openward import: ${loaded.left.message}\n`)
    return loaded.left._tag === 'CannotRead' ? ExitCode.io : ExitCode.invalid
  }
  const { samples, format, incomplete } = loaded.right
  for (const w of loaded.right.warnings) io.stderr.write(`openward import: warning: ${o.path}: ${w}\n`)
  const pieces = encodeSamplesRecording(samples, {
    protocol: `import:${format}`,
    ...(incomplete === undefined ? {} : { sourceIncomplete: incomplete }),
  })
  if (out === undefined) for (const piece of pieces) io.stdout.write(piece)
  else {
    const bar = progressBar(io, 'import')
    const total = Math.max(1, samples.length * 200)
    let written = 0
    for (const piece of pieces) {
      await out.right.write(piece)
      written += piece.length
      bar.update(written / total)
    }
    const committed = await out.right.commit()
    bar.done()
    if (E.isLeft(committed)) {
      io.stderr.write(`openward import: ${committed.left.message}\n`)
      return outputFailureExit(committed.left)
    }
  }
  const noSpo2 = samples.filter((s) => s.spo2 === null).length
  io.stderr.write(
    `imported ${samples.length} samples (${noSpo2} without SpO2) from ${format}${o.output ? ` to ${o.output}` : ''}\n`,
  )
  if (incomplete !== undefined) {
    io.stderr.write(`openward import: warning: ${o.path} is cut short (${incomplete}); the recording says so\n`)
    return ExitCode.incomplete
  }
  return ExitCode.ok
}

/** `openward import`. */
export const importCommand: Command = {
  name: 'import',
  summary: 'convert EDF, CSV and Viatom/Wellue files into a replayable recording',
  help,
  run,
}
