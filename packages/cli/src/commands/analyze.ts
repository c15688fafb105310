import { parseArgs } from 'node:util'

import { analyzeRecording, type DesaturationEvent, type OximetrySummary } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { loadSamples } from '../input/load-samples.js'
import { oneOf } from '../option-values.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward analyze <recording.csv | recording.jsonl | recording.owrec[.gz] | -> [--profile clinical|pobm] [--json]

Summarises an SpO2 recording: ODI3, ODI4 (events/hour), CT90, CT88, nadir, mean, valid time and the
desaturation events.

Input:
  *.csv     t_seconds,spo2[,pr[,pi]] (0 or empty = no reading), as in the shared SpO2 recordings
  *.jsonl   one OximetrySample JSON object per line (also .ndjson)
  *.owrec   an Openward raw recording (also .owrec.gz), replayed through its protocol's decoder
  -         CSV from standard input

Options:
  --profile clinical  (default) quality gate, 1 Hz resampling, gap-aware detector with a 120 s
                      baseline, valid-time denominators, CT as "< threshold"
  --profile pobm      pobm 1.0.5 pipeline A reproduced: range 50-100, round half-even, zero-padded
                      9-median, relative detector, denominators over all samples, CT as "<= threshold"
  --json              print a JSON object: odi3, odi4, events3, events4 ({start, end, nadir} as sample
                      indices = seconds from the first sample), ct90, ct88, nadir, mean, samples, ...

Exit codes: 0 ok, 1 the file is not a valid recording, 2 usage, 3 the file cannot be read.
`

function indexOf(ms: number, t0: number): number {
  return Math.round((ms - t0) / 1000)
}

function eventJson(e: DesaturationEvent, t0: number) {
  return { start: indexOf(e.startMs, t0), end: indexOf(e.endMs, t0), nadir: indexOf(e.nadirMs, t0) }
}

function toJson(s: OximetrySummary, t0: number) {
  return {
    profile: s.profile,
    rule: s.rule,
    samples: s.samples,
    odi3: s.odi3,
    odi4: s.odi4,
    events3: s.events3.map((e) => eventJson(e, t0)),
    events4: s.events4.map((e) => eventJson(e, t0)),
    ct90: s.ct90,
    ct88: s.ct88,
    ctComparison: s.ctComparison,
    nadir: s.nadir,
    mean: s.mean,
    desaturationArea3: s.desaturationArea3,
    desaturationArea4: s.desaturationArea4,
    dataQuality: s.dataQuality,
  }
}

function toText(s: OximetrySummary, source: string): string {
  const f = (n: number | null, d = 1) => (n === null ? 'n/a' : n.toFixed(d))
  const q = s.dataQuality
  return [
    `${source}: ${s.samples} s analysed, ${q.validSeconds} valid (${f(100 * q.coverage)} %), profile ${s.profile} (${s.rule.name} ${s.rule.version})`,
    `ODI3 ${f(s.odi3)}/h (${s.events3.length} events)   ODI4 ${f(s.odi4)}/h (${s.events4.length} events)`,
    `CT90 ${f(s.ct90)} %   CT88 ${f(s.ct88)} %   (time ${s.ctComparison} threshold)`,
    `nadir ${f(s.nadir)} %   mean ${f(s.mean)} %`,
    '',
  ].join('\n')
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { profile: { type: 'string', default: 'clinical' }, json: { type: 'boolean', default: false } },
  })
  const profile = oneOf(values.profile, ['clinical', 'pobm'] as const, '--profile')
  const path = positionals[0]
  if (path === undefined || positionals.length > 1) throw new UsageError('give exactly one recording (or - for stdin)')
  const loaded = await loadSamples(path, io)
  if (E.isLeft(loaded)) {
    io.stderr.write(`openward analyze: ${loaded.left.message}\n`)
    return loaded.left._tag === 'CannotRead' ? ExitCode.io : ExitCode.invalid
  }
  const { samples, warning } = loaded.right
  if (warning !== undefined) io.stderr.write(`openward analyze: warning: ${warning} (samples before it are kept)\n`)
  const summary = analyzeRecording(samples, { profile })
  const t0 = samples[0]?.timeMs ?? 0
  io.stdout.write(values.json ? `${JSON.stringify(toJson(summary, t0), null, 2)}\n` : toText(summary, path))
  return ExitCode.ok
}

/** `openward analyze`: oximetry summary of a recording (clinical or pobm-compatible profile). */
export const analyze: Command = {
  name: 'analyze',
  summary: 'summarise an SpO2 recording: ODI3/ODI4, CT90/CT88, nadir, events',
  help,
  run,
}
