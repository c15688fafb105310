import { mkdir } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import type { OximetrySample } from '@openward/core'
import {
  checkTimeZone,
  type Figure,
  type OvernightReport,
  overnightReport,
  renderOvernightReportHtml,
  wallTimeOffsetMinutes,
} from '@openward/report'
import { type AlertSpan, alertSpans, detectSustainedBelow, type OximetrySummary } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode, worstExit } from '../command.js'
import { type InputFormat, type LoadedSamples, loadSamples, type LoadSamplesOptions } from '../input/load-samples.js'
import { loadOrExit } from '../input/load-or-exit.js'
import { isoTime, numberIn, oneOf, utcOffsetMinutes } from '../option-values.js'
import { openAtomicOutput, outputFailureExit } from '../output/atomic-output.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward report <recording> -o <report.html> [options]
       openward report <recording>... -o <directory> [options]   (one report per night, named after it)

Writes an overnight-oximetry report: a self-contained HTML page that needs no network and prints on A4.
It shows clock time in the recording's zone (or elapsed time when the recording has no date), zoomable
SpO2 and pulse-rate panels with desaturation events and sustained-low alerts marked, the summary
(ODI3/ODI4, T90, CT90/CT88, nadir, mean, valid time), pulse-rate statistics, an hour-by-hour table, every
event and alert, an SpO2 histogram, the sampling interval and data quality, the rule sets and the accuracy
caveat. A figure without valid data reads "no data" with the reason, never 0. With --format json or csv
it writes the numbers instead.

Input: any recording \`openward analyze\` reads (told apart by content): .owrec, JSON lines, CSV
t_seconds,spo2[,pr[,pi]], Viatom/Checkme CSV, EDF/EDF+, Viatom O2 files; gzipped too.

Options:
  -o, --output <file>     where to write (required; '-' for standard output; a directory for several)
  --format html|json|csv  default html
  --profile clinical|pobm desaturation profile (default clinical)
  --alert-threshold <n>   sustained-low alert: SpO2 at or below n % (default 92)
  --alert-seconds <n>     ... for at least n seconds (default 15)
  --tz <zone>             IANA time zone for clock times (default Europe/London); device files
                          (EDF, Viatom), which store local time without a zone, are read in it too
  --utc-offset <min>      ... unless their offset from UTC is given here
  --start <ISO time>      clock time of t = 0 for CSV input (CSV times are not dates without it)
  --title <text>          report title

Examples:
  openward report night.owrec -o night.html
  openward report examples/demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv -o out/report.html
  openward report night.csv --format json -o -
  openward report mon.bin tue.bin wed.bin -o reports/     (reports/mon.html, reports/tue.html, ...)

Exit codes (several nights: the most serious one): 0 written, 1 not a valid recording, 2 usage,
3 cannot read the input or write the output, 4 written but without enough valid SpO2 (the figures read
"no data"), 5 written from a recording damaged part-way (the report covers the part before the damage).
`

interface ReportNumbers {
  readonly summary: OximetrySummary
  readonly alerts: readonly AlertSpan[]
  readonly report: OvernightReport
}

/** The settings shared by every night of one `openward report` run. */
interface ReportSettings {
  readonly format: 'html' | 'json' | 'csv'
  readonly profile: 'clinical' | 'pobm'
  readonly threshold: number
  readonly seconds: number
  readonly timeZone: string
  readonly title: string | undefined
  readonly load: LoadSamplesOptions
  /** Read device files' local time in the zone (no `--utc-offset` given). */
  readonly deviceTimeInZone: boolean
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      format: { type: 'string', default: 'html' },
      profile: { type: 'string', default: 'clinical' },
      'alert-threshold': { type: 'string', default: '92' },
      'alert-seconds': { type: 'string', default: '15' },
      title: { type: 'string' },
      tz: { type: 'string', default: 'Europe/London' },
      'utc-offset': { type: 'string' },
      start: { type: 'string' },
    },
  })
  if (positionals.length === 0) throw new UsageError('give a recording (or several)')
  if (values.output === undefined) throw new UsageError('-o <file> is required')
  const zone = checkTimeZone(values.tz)
  if (E.isLeft(zone)) throw new UsageError(`--tz: ${zone.left.message}`)
  const settings: ReportSettings = {
    format: oneOf(values.format, ['html', 'json', 'csv'] as const, '--format'),
    profile: oneOf(values.profile, ['clinical', 'pobm'] as const, '--profile'),
    threshold: numberIn(values['alert-threshold'], 50, 100, '--alert-threshold'),
    seconds: numberIn(values['alert-seconds'], 1, 3600, '--alert-seconds'),
    timeZone: zone.right,
    title: values.title,
    load: {
      ...(values.start === undefined ? {} : { startTimeMs: isoTime(values.start, '--start') }),
      utcOffsetMinutes: utcOffsetMinutes(values['utc-offset']),
    },
    deviceTimeInZone: values['utc-offset'] === undefined,
  }
  if (positionals.length === 1) return reportOne(positionals[0]!, values.output, settings, io)
  // Several nights: one report each, named after its input, in the directory -o names.
  if (values.output === '-') throw new UsageError('several recordings need -o <directory>, not -')
  const outputs = positionals.map((p) => join(values.output!, `${stem(p)}.${settings.format}`))
  const clash = outputs.find((o, i) => outputs.indexOf(o) !== i)
  if (clash !== undefined) throw new UsageError(`two recordings would both be written to ${clash}: rename one`)
  const codes: number[] = []
  for (const [i, input] of positionals.entries()) codes.push(await reportOne(input, outputs[i]!, settings, io))
  return worstExit(codes)
}

/** `night.owrec.gz` → `night`: the name of a recording without its format and compression suffixes. */
function stem(path: string): string {
  return (
    basename(path)
      .replace(/\.gz$/i, '')
      .replace(/\.[^.]+$/, '') || 'report'
  )
}

/** Loads one night, builds its report and writes it to `output`; returns the night's exit code. */
async function reportOne(input: string, output: string, o: ReportSettings, io: CommandIo): Promise<number> {
  const loaded = await loadInZone(input, io, o.load, o.deviceTimeInZone ? o.timeZone : undefined)
  if (E.isLeft(loaded)) return loaded.left
  const { samples, incomplete, startKnown } = loaded.right
  const alertRule = `SpO2 ≤ ${o.threshold} % for ≥ ${o.seconds} s`
  const alerts = alertSpans(detectSustainedBelow(samples, { threshold: o.threshold, forMs: o.seconds * 1000 }))
  const built = overnightReport(
    {
      samples,
      alerts,
      alertRule,
      sourceName: input,
      startKnown,
      warnings: incomplete === undefined ? [] : [incomplete],
    },
    { timeZone: o.timeZone, profile: o.profile },
  )
  if (E.isLeft(built)) throw new UsageError(`--tz: ${built.left.message}`)
  const numbers: ReportNumbers = { summary: built.right.summary, alerts, report: built.right }
  const body =
    o.format === 'json'
      ? `${JSON.stringify(toJson(numbers, samples), null, 2)}\n`
      : o.format === 'csv'
        ? toCsv(numbers)
        : renderOvernightReportHtml(built.right, { title: o.title ?? `Oximetry report: ${input}` })
  const noData = built.right.summary.insufficient
  if (noData !== null) {
    const which = noData.affects === 'all' ? 'every SpO2 figure' : 'the desaturation indices'
    io.stderr.write(`openward report: warning: ${input}: ${noData.message}: ${which} read "no data" (not 0)\n`)
  }
  const written = await writeOutput(output, body, input, io)
  if (written !== ExitCode.ok) return written
  // Written, but a script must not read the figures as whole: damaged input first, then no data.
  return incomplete !== undefined ? ExitCode.incomplete : noData !== null ? ExitCode.noData : ExitCode.ok
}

// These formats hold the device's local wall time with no zone (EDF §2.1.3.2 "startdate/starttime";
// the Viatom O2 file header; the ViHealth CSV export).
const LOCAL_TIME_FORMATS: ReadonlySet<InputFormat> = new Set(['edf', 'viatom-o2', 'viatom-csv'])

/**
 * Loads the recording; a device file holding local time is read in `timeZone` (the offset in force
 * at its start, so a summer night is not shown an hour out) unless `--utc-offset` was given.
 */
async function loadInZone(
  input: string,
  io: CommandIo,
  options: LoadSamplesOptions,
  timeZone: string | undefined,
): Promise<E.Either<number, LoadedSamples>> {
  const loaded = await loadOrExit('report', input, io, options)
  const first = E.isRight(loaded) ? loaded.right.samples[0] : undefined
  if (timeZone === undefined || E.isLeft(loaded) || first === undefined || !LOCAL_TIME_FORMATS.has(loaded.right.format))
    return loaded
  const offset = wallTimeOffsetMinutes(first.timeMs, timeZone)
  return offset === 0 ? loaded : loadSamplesQuietly(input, io, { ...options, utcOffsetMinutes: offset }, loaded)
}

/** The second read of a file already loaded (and warned about) once: only its times change. */
async function loadSamplesQuietly(
  input: string,
  io: CommandIo,
  options: LoadSamplesOptions,
  fallback: E.Either<number, LoadedSamples>,
): Promise<E.Either<number, LoadedSamples>> {
  const again = await loadSamples(input, io, options)()
  return E.isRight(again) ? again : fallback
}

/**
 * Writes the report: to standard output for `-`, else under a hidden temporary name renamed into
 * place when whole (a reader never sees half a report), never over the input, creating the
 * directory if needed.
 */
async function writeOutput(output: string, body: string, input: string, io: CommandIo): Promise<number> {
  if (output === '-') {
    io.stdout.write(body)
    return ExitCode.ok
  }
  await mkdir(dirname(resolve(io.cwd, output)), { recursive: true }).catch(() => undefined)
  const out = await openAtomicOutput(output, io, { inputs: [input] })
  if (E.isLeft(out)) {
    io.stderr.write(`openward report: ${out.left.message}\n`)
    return outputFailureExit(out.left)
  }
  await out.right.write(body)
  const committed = await out.right.commit()
  if (E.isLeft(committed)) {
    io.stderr.write(`openward report: ${committed.left.message}\n`)
    return outputFailureExit(committed.left)
  }
  io.stderr.write(`openward report: wrote ${output}\n`)
  return ExitCode.ok
}

function toJson({ summary, alerts, report }: ReportNumbers, samples: readonly OximetrySample[]) {
  const t0 = samples[0]?.timeMs ?? 0
  const idx = (ms: number | null) => (ms === null ? null : Math.round((ms - t0) / 1000))
  const ev = (e: OximetrySummary['events3'][number]) => ({
    start: idx(e.startMs),
    end: idx(e.endMs),
    nadir: idx(e.nadirMs),
    depth: e.depth,
  })
  const fig = report.figures
  // "No data" is null (with noDataReason), never 0.
  const v = (f: Figure) => f.value
  return {
    profile: summary.profile,
    rule: summary.rule,
    samples: summary.samples,
    dataQuality: summary.dataQuality,
    noDataReason: summary.insufficient?.message ?? null,
    samplingIntervalMs: report.samplingInterval.medianMs,
    timeAxis: report.timeAxis,
    odi3: v(fig.odi3),
    odi4: v(fig.odi4),
    ct90: v(fig.ct90),
    ct88: v(fig.ct88),
    t90Minutes: v(fig.t90Minutes),
    nadir: v(fig.nadir),
    mean: v(fig.mean),
    pulseRate: { mean: v(report.pulseRate.mean), min: v(report.pulseRate.min), max: v(report.pulseRate.max) },
    hourly: report.hourly.map((h) => ({
      start: idx(h.startMs),
      end: idx(h.endMs),
      validMinutes: h.validMinutes,
      odi3: v(h.odi3),
      odi4: v(h.odi4),
      meanSpo2: v(h.meanSpo2),
      minSpo2: v(h.minSpo2),
      t90Minutes: v(h.t90Minutes),
      pulseRate: { mean: v(h.pulseRate.mean), min: v(h.pulseRate.min), max: v(h.pulseRate.max) },
    })),
    events3: summary.events3.map(ev),
    events4: summary.events4.map(ev),
    alerts: alerts.map((a) => ({
      rule: a.rule,
      start: idx(a.startMs),
      end: idx(a.endMs),
      endReason: a.endReason,
      nadir: a.nadir,
    })),
  }
}

function toCsv({ summary: s, alerts, report }: ReportNumbers): string {
  const fig = report.figures
  const rows: [string, string | number | null][] = [
    ['profile', s.profile],
    ['rule', `${s.rule.name}@${s.rule.version}`],
    ['samples', s.samples],
    ['valid_seconds', s.dataQuality.validSeconds],
    ['coverage', s.dataQuality.coverage],
    ['no_data_reason', s.insufficient?.message ?? null],
    ['odi3', fig.odi3.value],
    ['odi4', fig.odi4.value],
    ['events3', s.events3.length],
    ['events4', s.events4.length],
    ['ct90', fig.ct90.value],
    ['ct88', fig.ct88.value],
    ['t90_minutes', fig.t90Minutes.value],
    ['nadir', fig.nadir.value],
    ['mean', fig.mean.value],
    ['pulse_rate_mean', report.pulseRate.mean.value],
    ['pulse_rate_min', report.pulseRate.min.value],
    ['pulse_rate_max', report.pulseRate.max.value],
    ['sampling_interval_ms', report.samplingInterval.medianMs],
    ['alerts', alerts.length],
  ]
  // An empty cell is "no data"; a reason with a comma is quoted (RFC 4180 §2).
  const cell = (x: string | number | null) =>
    x === null ? '' : typeof x === 'string' && /[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : String(x)
  return `metric,value\n${rows.map(([k, x]) => `${k},${cell(x)}`).join('\n')}\n`
}

/** `openward report`: the overnight-oximetry report (HTML, or the numbers as JSON/CSV). */
export const report: Command = {
  name: 'report',
  summary: 'write an oximetry report (HTML, JSON or CSV) from a recording',
  help,
  run,
}
