import { parseArgs } from 'node:util'

import { analyzeRecording, type DesaturationEvent, type OximetrySummary, summarizeColumns } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode, worstExit } from '../command.js'
import { describeFormat, type LoadedSamples } from '../input/load-samples.js'
import { exitAfterFigures, loadOrExit, noValidSpo2 } from '../input/load-or-exit.js'
import { isoTime, oneOf, utcOffsetMinutes } from '../option-values.js'
import { JsonArrayInPieces, writePrettyJson } from '../output/pretty-json-in-pieces.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward analyze <file>... [--profile clinical|pobm] [--json] [--start <ISO time>] [--utc-offset <min>]

Summarises SpO2 recordings: ODI3, ODI4 (events/hour), CT90, CT88, nadir, mean, valid time and the
desaturation events. Several files (nights) are analysed one by one, then in one combined line.

Input (told apart by content, optionally gzipped; - reads standard input):
  CSV t_seconds,spo2[,pr[,pi]] (0 or empty = no reading), as in the shared SpO2 recordings
  a Viatom/Wellue/Checkme CSV export ("Time,Oxygen Level,Pulse Rate,Motion,...")
  a Contec "SpO2" software CSV export ("DATE,TIME,SPO2,PULSE") or session file (.SpO2)
  EDF/EDF+ (including EDF+D with gaps): the SpO2 and pulse channels, found by label
  a Viatom O2 stored file (O2Ring, Checkme O2; versions 3 and 5)
  an Openward recording (.owrec), replayed through its protocol's decoder
  JSON lines, one OximetrySample per line

Options:
  --profile clinical  (default) quality gate, 1 Hz resampling, gap-aware detector with a 120 s
                      baseline, valid-time denominators, CT as "< threshold"
  --profile pobm      pobm 1.0.5 pipeline A reproduced: range 50-100, round half-even, zero-padded
                      9-median, relative detector, denominators over all samples, CT as "<= threshold"
  --json              print JSON: one object per file (odi3, odi4, events as sample indices =
                      seconds from the first sample, ct90, ct88, nadir, mean, samples, ...; null
                      figures with "noData" when there is no valid SpO2), plus "combined" for several
  --start ISO         clock time of t = 0 for CSV input (CSV times are not dates without it)
  --utc-offset MIN    device files (EDF, Viatom) hold local time with no zone: its offset from UTC

Exit codes: 0 ok, 1 a file is not a valid recording (the message says what it looks like), 2 usage,
3 a file cannot be read, 4 no valid SpO2 (figures "n/a", never 0), 5 a file is cut short or damaged
(figures cover the part before it). With several files, the most serious code (3, 1, 5, 4).
`

function indexOf(ms: number, t0: number): number {
  return Math.round((ms - t0) / 1000)
}

function eventJson(e: DesaturationEvent, t0: number) {
  return { start: indexOf(e.startMs, t0), end: indexOf(e.endMs, t0), nadir: indexOf(e.nadirMs, t0) }
}

interface Night {
  readonly path: string
  readonly loaded: LoadedSamples
  readonly summary: OximetrySummary
  /** Why there are no figures (no valid SpO2), or undefined. */
  readonly noData: string | undefined
}

/** The first sample's time, from the columns (plain CSV) or the samples. */
function firstTimeMs(loaded: LoadedSamples): number | undefined {
  const c = loaded.columns
  return c === undefined ? loaded.samples[0]?.timeMs : c.length > 0 ? c.timeMs[0] : undefined
}

function startOf(n: Night): string | null {
  const first = firstTimeMs(n.loaded)
  return n.loaded.startKnown && first !== undefined ? new Date(first).toISOString() : null
}

function toJson(n: Night) {
  const s = n.summary
  const t0 = firstTimeMs(n.loaded) ?? 0
  // The summary nulls its own figures when data is insufficient; the fallback covers older summaries.
  const figure = (v: number | null) => (n.noData === undefined || s.insufficient != null ? v : null)
  return {
    file: n.path,
    format: n.loaded.format,
    start: startOf(n),
    profile: s.profile,
    rule: s.rule,
    samples: s.samples,
    noData:
      n.noData === undefined
        ? null
        : {
            reason: n.noData,
            code: s.insufficient?.reason ?? 'no-valid-spo2',
            affects: s.insufficient?.affects ?? 'all',
          },
    incomplete: n.loaded.incomplete ?? null,
    odi3: figure(s.odi3),
    odi4: figure(s.odi4),
    // Written an event at a time (a week at 1 Hz has tens of thousands), never all made at once.
    events3: new JsonArrayInPieces(s.events3.length, (i) => eventJson(s.events3[i]!, t0)),
    events4: new JsonArrayInPieces(s.events4.length, (i) => eventJson(s.events4[i]!, t0)),
    ct90: figure(s.ct90),
    ct88: figure(s.ct88),
    ctComparison: s.ctComparison,
    nadir: figure(s.nadir),
    mean: figure(s.mean),
    desaturationArea3: figure(s.desaturationArea3),
    desaturationArea4: figure(s.desaturationArea4),
    dataQuality: s.dataQuality,
  }
}

const f = (n: number | null, d = 1) => (n === null ? 'n/a' : n.toFixed(d))

function toText(n: Night): string {
  const s = n.summary
  const q = s.dataQuality
  const start = startOf(n)
  const head = `${n.path} (${describeFormat(n.loaded.format)}${start === null ? ', start time unknown: give --start' : `, from ${start}`}): ${s.samples} s analysed, ${q.validSeconds} valid (${f(100 * q.coverage)} %), profile ${s.profile} (${s.rule.name} ${s.rule.version})`
  if (n.noData !== undefined && s.insufficient?.affects !== 'desaturations')
    return `${head}\nno figures: ${n.noData} (ODI, CT90, nadir and mean are n/a, not 0)\n\n`
  return [
    head,
    ...(n.noData === undefined ? [] : [`ODI n/a: ${n.noData}`]),
    `ODI3 ${f(s.odi3)}/h (${s.events3.length} events)   ODI4 ${f(s.odi4)}/h (${s.events4.length} events)`,
    `CT90 ${f(s.ct90)} %   CT88 ${f(s.ct88)} %   (time ${s.ctComparison} threshold)`,
    `nadir ${f(s.nadir)} %   mean ${f(s.mean)} %`,
    '',
  ].join('\n')
}

/** The seconds each night's rates are "per": valid seconds (clinical) or all samples (pobm). */
const denominator = (s: OximetrySummary): number => (s.profile === 'pobm' ? s.samples : s.dataQuality.validSeconds)

/** All nights with figures pooled: rates over the summed denominators, nadir the lowest, means weighted. */
function combined(nights: readonly Night[]) {
  const used = nights.filter((n) => n.noData === undefined && denominator(n.summary) > 0)
  const d = used.reduce((a, n) => a + denominator(n.summary), 0)
  const valid = used.reduce((a, n) => a + n.summary.dataQuality.validSeconds, 0)
  const weighted = (pick: (s: OximetrySummary) => number | null, w: (s: OximetrySummary) => number) =>
    d === 0
      ? null
      : used.reduce((a, n) => a + (pick(n.summary) ?? 0) * w(n.summary), 0) / used.reduce((a, n) => a + w(n.summary), 0)
  const events3 = used.reduce((a, n) => a + n.summary.events3.length, 0)
  const events4 = used.reduce((a, n) => a + n.summary.events4.length, 0)
  const nadirs = used.map((n) => n.summary.nadir).filter((v): v is number => v !== null)
  return {
    files: nights.length,
    withFigures: used.length,
    validSeconds: valid,
    odi3: d === 0 ? null : (events3 / d) * 3600,
    odi4: d === 0 ? null : (events4 / d) * 3600,
    events3,
    events4,
    ct90: weighted((s) => s.ct90, denominator),
    ct88: weighted((s) => s.ct88, denominator),
    nadir: nadirs.length === 0 ? null : Math.min(...nadirs),
    mean:
      valid === 0
        ? null
        : weighted(
            (s) => s.mean,
            (s) => s.dataQuality.validSeconds,
          ),
  }
}

function combinedText(c: ReturnType<typeof combined>): string {
  if (c.withFigures === 0) return `combined: ${c.files} files, none with valid SpO2: no figures\n`
  return `combined: ${c.withFigures} of ${c.files} files, ${f(c.validSeconds / 3600, 2)} h valid: ODI3 ${f(c.odi3)}/h (${c.events3})   ODI4 ${f(c.odi4)}/h (${c.events4})   CT90 ${f(c.ct90)} %   CT88 ${f(c.ct88)} %   nadir ${f(c.nadir)} %   mean ${f(c.mean)} %\n`
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      profile: { type: 'string', default: 'clinical' },
      json: { type: 'boolean', default: false },
      start: { type: 'string' },
      'utc-offset': { type: 'string' },
    },
  })
  const profile = oneOf(values.profile, ['clinical', 'pobm'] as const, '--profile')
  if (positionals.length === 0) throw new UsageError('give one or more recordings (or - for stdin)')
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read once')
  const options = {
    ...(values.start === undefined ? {} : { startTimeMs: isoTime(values.start, '--start') }),
    utcOffsetMinutes: utcOffsetMinutes(values['utc-offset']),
  }
  const codes: number[] = []
  const nights: Night[] = []
  for (const path of positionals) {
    // A plain CSV is read into typed columns and summarised from them (a few bytes per sample, issue 19).
    const loaded = await loadOrExit('analyze', path, io, { ...options, columnsForCsv: true })
    if (E.isLeft(loaded)) {
      codes.push(loaded.left)
      continue
    }
    const { columns } = loaded.right
    const summary =
      columns === undefined
        ? analyzeRecording(loaded.right.samples, { profile })
        : summarizeColumns(columns, { profile })
    // The summary says why its figures are null; the sample check covers a summary without that field.
    const noData = summary.insufficient?.message ?? noValidSpo2(loaded.right)
    if (noData !== undefined) io.stderr.write(`openward analyze: warning: ${path}: figures n/a: ${noData}\n`)
    const night: Night = { path, loaded: loaded.right, summary, noData }
    nights.push(night)
    codes.push(exitAfterFigures(loaded.right, noData))
    if (!values.json) io.stdout.write(toText(night))
  }
  if (values.json) {
    const several = positionals.length > 1
    const body = several ? { files: nights.map(toJson), combined: combined(nights) } : nights[0] && toJson(nights[0])
    if (body !== undefined) writePrettyJson(body, (piece) => io.stdout.write(piece))
  } else if (positionals.length > 1) io.stdout.write(combinedText(combined(nights)))
  return positionals.length === 1 ? (codes[0] ?? ExitCode.internal) : worstExit(codes)
}

/** `openward analyze`: oximetry summaries of recordings (clinical or pobm-compatible profile). */
export const analyze: Command = {
  name: 'analyze',
  summary: 'summarise SpO2 recordings (CSV, EDF, Viatom, .owrec): ODI3/ODI4, CT90/CT88, nadir, events',
  help,
  run,
}
