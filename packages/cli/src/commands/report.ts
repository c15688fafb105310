import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import type { OximetrySample } from '@openward/core'
import { analyzeRecording, detectSustainedBelow, type OximetrySummary, SUSTAINED_BELOW_RULE } from '@openward/spo2'
import { renderOximetryReportHtml } from '@openward/report'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { loadSamples } from '../input/load-samples.js'
import { numberIn, oneOf } from '../option-values.js'
import { type AlertSpan, alertSpans } from '../report/alert-spans.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward report <recording> -o <report.html> [options]

Writes an overnight-oximetry report: a self-contained, printable HTML page (no network) with the SpO2 and
pulse-rate trace, desaturation events and sustained-low alerts marked, an SpO2 histogram, the summary
(ODI3/ODI4, CT90/CT88, nadir, mean, valid time), the rule sets used, data-quality notes and the accuracy
caveat. With --format json or csv it writes the numbers instead.

Input: *.owrec[.gz] (Openward recording), *.jsonl (OximetrySample per line), or CSV t_seconds,spo2[,pr[,pi]].

Options:
  -o, --output <file>     where to write (required; '-' for standard output)
  --format html|json|csv  default html
  --profile clinical|pobm desaturation profile (default clinical)
  --alert-threshold <n>   sustained-low alert: SpO2 at or below n % (default 92)
  --alert-seconds <n>     ... for at least n seconds (default 15)
  --title <text>          report title

Examples:
  openward report night.owrec -o night.html
  openward report examples/demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv -o out/report.html
  openward report night.csv --format json -o -

Exit codes: 0 written, 1 not a valid recording, 2 usage, 3 cannot read the input or write the output.
`

interface ReportNumbers {
  readonly summary: OximetrySummary
  readonly alerts: readonly AlertSpan[]
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
    },
  })
  const [input, ...extra] = positionals
  if (input === undefined || extra.length > 0) throw new UsageError('give exactly one recording')
  if (values.output === undefined) throw new UsageError('-o <file> is required')
  const format = oneOf(values.format, ['html', 'json', 'csv'] as const, '--format')
  const profile = oneOf(values.profile, ['clinical', 'pobm'] as const, '--profile')
  const threshold = numberIn(values['alert-threshold'], 50, 100, '--alert-threshold')
  const seconds = numberIn(values['alert-seconds'], 1, 3600, '--alert-seconds')

  const loaded = await loadSamples(input, io)
  if (E.isLeft(loaded)) {
    io.stderr.write(`openward report: ${loaded.left.message}\n`)
    return loaded.left._tag === 'CannotRead' ? ExitCode.io : ExitCode.invalid
  }
  const { samples, warning } = loaded.right
  if (warning !== undefined) io.stderr.write(`openward report: warning: ${warning} (samples before it are kept)\n`)
  const numbers: ReportNumbers = {
    summary: analyzeRecording(samples, { profile }),
    alerts: alertSpans(detectSustainedBelow(samples, { threshold, forMs: seconds * 1000 })),
  }
  const body =
    format === 'json'
      ? `${JSON.stringify(toJson(numbers, samples), null, 2)}\n`
      : format === 'csv'
        ? toCsv(numbers)
        : renderOximetryReportHtml({
            title: values.title ?? `Oximetry report: ${input}`,
            source: sourceLines(input, samples, warning),
            spo2: samples.map((s) => ({ timeMs: s.timeMs, value: s.spo2 })),
            pulseRate: samples.map((s) => ({ timeMs: s.timeMs, value: s.pulseRate })),
            spans: spansOf(numbers, threshold, seconds),
            summary: summaryRows(numbers, threshold, seconds),
            ruleSets: [
              `${SUSTAINED_BELOW_RULE.name}@${SUSTAINED_BELOW_RULE.version} (SpO2 ≤ ${threshold} % for ${seconds} s)`,
              `${numbers.summary.rule.name}@${numbers.summary.rule.version}`,
              ...new Set(
                numbers.summary.events3.concat(numbers.summary.events4).map((e) => `${e.rule.name}@${e.rule.version}`),
              ),
            ],
            dataQuality: qualityLines(numbers.summary, warning),
            bands: [
              { value: 95, label: '95 %: NHS oximetry @home normal (≥ 95)' },
              { value: 92, label: '92 %: urgent (≤ 92)' },
            ],
            generatedAt: new Date().toISOString(),
          })
  return writeOutput(values.output, body, io)
}

async function writeOutput(output: string, body: string, io: CommandIo): Promise<number> {
  if (output === '-') {
    io.stdout.write(body)
    return ExitCode.ok
  }
  const target = resolve(io.cwd, output)
  try {
    await mkdir(dirname(target), { recursive: true })
    // Write then rename, so a reader never sees half a report.
    await writeFile(`${target}.tmp`, body)
    await rename(`${target}.tmp`, target)
  } catch (error) {
    io.stderr.write(`openward report: cannot write ${output}: ${(error as Error).message}\n`)
    return ExitCode.io
  }
  io.stderr.write(`openward report: wrote ${output}\n`)
  return ExitCode.ok
}

const f = (n: number | null, d = 1) => (n === null ? 'n/a' : n.toFixed(d))

function spansOf({ summary, alerts }: ReportNumbers, threshold: number, seconds: number) {
  return [
    ...alerts.map((a) => ({
      startMs: a.startMs,
      endMs: a.endMs,
      label: a.rule,
      kind: 'alert' as const,
      detail: `SpO2 ≤ ${threshold} % for ≥ ${seconds} s; nadir ${a.nadir} %${a.endReason !== null && a.endReason !== 'recovered' ? `; ended by ${a.endReason}, not recovery` : ''}`,
    })),
    ...summary.events3.map((e) => ({
      startMs: e.startMs,
      endMs: e.endMs,
      label: `${e.rule.name}@${e.rule.version}`,
      kind: 'event' as const,
      detail: `−${f(e.depth)} points from ${f(e.baseline)} %, nadir ${f(e.nadir)} %, ${e.durationS} s${e.truncated ? ' (cut short)' : ''}`,
    })),
  ]
}

function summaryRows({ summary: s, alerts }: ReportNumbers, threshold: number, seconds: number) {
  return [
    { label: 'Profile', value: `${s.profile} (${s.rule.name}@${s.rule.version})` },
    {
      label: 'Analysed',
      value: `${s.samples} s, ${s.dataQuality.validSeconds} s with a valid SpO2 (${f(100 * s.dataQuality.coverage)} %)`,
    },
    { label: 'ODI3 (3 % desaturations per hour)', value: `${f(s.odi3)} (${s.events3.length} events)` },
    { label: 'ODI4 (4 % desaturations per hour)', value: `${f(s.odi4)} (${s.events4.length} events)` },
    { label: `CT90 / CT88 (time ${s.ctComparison} 90 % / 88 %)`, value: `${f(s.ct90)} % / ${f(s.ct88)} %` },
    { label: 'Nadir / mean SpO2', value: `${f(s.nadir, 0)} % / ${f(s.mean)} %` },
    { label: `Sustained-low alerts (≤ ${threshold} % for ${seconds} s)`, value: String(alerts.length) },
  ]
}

function qualityLines(s: OximetrySummary, warning: string | undefined): string[] {
  const lines = [
    `${s.dataQuality.validSeconds} of ${s.dataQuality.totalSeconds} seconds carry a valid SpO2 value (${f(100 * s.dataQuality.invalidFraction)} % invalid or missing).`,
  ]
  if (s.dataQuality.coverage < 0.8) lines.push('Less than 80 % valid signal: indices may under-count events.')
  if (warning !== undefined) lines.push(`The recording was damaged: ${warning}. Samples before the damage are shown.`)
  return lines
}

function sourceLines(input: string, samples: readonly OximetrySample[], warning: string | undefined): string[] {
  const first = samples[0]
  const last = samples[samples.length - 1]
  const device = first?.provenance.device
  return [
    `Recording: ${input} (${samples.length} samples${warning === undefined ? '' : ', damaged part-way'})`,
    first && last
      ? `Span: ${((last.timeMs - first.timeMs) / 3_600_000).toFixed(2)} h from ${new Date(first.timeMs).toISOString()} (${first.clock} clock)`
      : 'Span: no samples',
    `Source protocol: ${first?.provenance.protocol ?? 'n/a'}${device?.name === undefined ? '' : `, device ${device.name}`}`,
  ]
}

function toJson({ summary, alerts }: ReportNumbers, samples: readonly OximetrySample[]) {
  const t0 = samples[0]?.timeMs ?? 0
  const idx = (ms: number | null) => (ms === null ? null : Math.round((ms - t0) / 1000))
  const ev = (e: OximetrySummary['events3'][number]) => ({
    start: idx(e.startMs),
    end: idx(e.endMs),
    nadir: idx(e.nadirMs),
    depth: e.depth,
  })
  return {
    profile: summary.profile,
    rule: summary.rule,
    samples: summary.samples,
    dataQuality: summary.dataQuality,
    odi3: summary.odi3,
    odi4: summary.odi4,
    ct90: summary.ct90,
    ct88: summary.ct88,
    nadir: summary.nadir,
    mean: summary.mean,
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

function toCsv({ summary: s, alerts }: ReportNumbers): string {
  const rows: [string, string | number | null][] = [
    ['profile', s.profile],
    ['rule', `${s.rule.name}@${s.rule.version}`],
    ['samples', s.samples],
    ['valid_seconds', s.dataQuality.validSeconds],
    ['coverage', s.dataQuality.coverage],
    ['odi3', s.odi3],
    ['odi4', s.odi4],
    ['events3', s.events3.length],
    ['events4', s.events4.length],
    ['ct90', s.ct90],
    ['ct88', s.ct88],
    ['nadir', s.nadir],
    ['mean', s.mean],
    ['alerts', alerts.length],
  ]
  return `metric,value\n${rows.map(([k, v]) => `${k},${v ?? ''}`).join('\n')}\n`
}

/** `openward report`: the overnight-oximetry report (HTML, or the numbers as JSON/CSV). */
export const report: Command = {
  name: 'report',
  summary: 'write an oximetry report (HTML, JSON or CSV) from a recording',
  help,
  run,
}
