import { parseArgs } from 'node:util'

import { type Implausible, isTaggedError, type OpenwardError, type OximetrySample, setFlagNames } from '@openward/core'
import { checkRecordingEnd, replay as replayRecording } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import { asyncScheduler, type SchedulerLike, VirtualTimeScheduler } from 'rxjs'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { detectInput } from '../input/detect-input.js'
import { describeFormat, readInput } from '../input/load-samples.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward replay <recording.owrec | recording.owrec.gz> [--speed <N>|max] [--json]

Replays a recording (from 'openward record' or 'openward import') through the same framers and
decoders as the live device, and prints one line per sample.

Options:
  --speed N     play N times faster than real time (default 1: real time)
  --speed max   no waiting: the whole recording at once (virtual time)
  --json        one OximetrySample JSON object per line (null = no value)

A progress bar goes to standard error when it is a terminal.
Exit codes: 0 ok, 1 the recording is damaged or truncated (every sample before the damage is
printed first) or names an unknown protocol, 2 usage, 3 the file cannot be read.
`

/** A one-line progress bar on stderr, drawn only when stderr is a terminal. */
export function progressBar(io: CommandIo, label: string) {
  const tty = io.stderr.isTTY === true
  let shown = -1
  return {
    update(fraction: number): void {
      const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)))
      if (!tty || percent === shown) return
      shown = percent
      const filled = Math.round(percent / 5)
      io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(percent).padStart(3)}%`)
    },
    done(): void {
      if (tty && shown >= 0) io.stderr.write('\n')
    },
  }
}

function formatSample(s: OximetrySample): string {
  const v = (n: number | null, unit: string) => (n === null ? '--' : `${Math.round(n * 10) / 10}${unit}`)
  const flags = setFlagNames(s.flags)
  return `${new Date(s.timeMs).toISOString()}  SpO2 ${v(s.spo2, ' %')}  PR ${v(s.pulseRate, ' /min')}${flags.length > 0 ? `  [${flags.join(', ')}]` : ''}\n`
}

/** The recording's time span: the offset of its last complete body line (for the progress bar). */
function spanMs(text: string): number {
  let end = text.endsWith('\n') ? text.length - 1 : text.length
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1
    const line = text.slice(start, end)
    // The end marker and notes start with '#'; the span is the last body line's offset.
    if (line !== '' && !line.startsWith('#')) {
      const offset = Number(line.split(' ', 1)[0])
      return Number.isFinite(offset) && offset > 0 ? offset : 0
    }
    end = start - 1
  }
  return 0
}

function parseSpeed(value: string | undefined): number {
  if (value === undefined) return 1
  if (value === 'max') return Infinity
  const n = Number(value)
  if (!(n > 0)) throw new UsageError(`--speed must be a number > 0 or "max", got "${value}"`)
  return n
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { speed: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  })
  const [path] = positionals
  if (path === undefined || positionals.length > 1) throw new UsageError('give one recording file')
  const speed = parseSpeed(values.speed)
  const read = await readInput(path, io)
  if (E.isLeft(read)) {
    io.stderr.write(`openward replay: ${read.left.message}\n`)
    return read.left._tag === 'CannotRead' ? ExitCode.io : ExitCode.invalid
  }
  const kind = detectInput(read.right)
  if (kind.kind !== 'owrec') {
    const what = kind.kind === 'unknown' ? kind.looksLike : describeFormat(kind.kind)
    io.stderr.write(
      `openward replay: ${path} is not a recording: it looks like ${what}${kind.kind === 'unknown' ? '' : "; run 'openward import' on it first"}\n`,
    )
    return ExitCode.invalid
  }
  const text = new TextDecoder().decode(read.right)
  const end = checkRecordingEnd(text)
  const virtual = speed === Infinity ? new VirtualTimeScheduler() : undefined
  const scheduler: SchedulerLike = virtual ?? asyncScheduler
  const span = spanMs(text)
  const bar = progressBar(io, 'replay')
  let first: number | undefined
  let count = 0
  // Impossible values are printed as no reading (the replay refuses them); the user is told how many.
  let refused = 0
  let firstRefusal: string | undefined
  const onImplausible = (reason: Implausible) => {
    refused++
    firstRefusal ??= reason.message
  }
  const result = new Promise<number>((done) => {
    replayRecording(text, { scheduler, speed: virtual ? 1 : speed, onImplausible }).subscribe({
      next: (s) => {
        count++
        first ??= s.timeMs
        io.stdout.write(values.json ? `${JSON.stringify(s)}\n` : formatSample(s))
        if (span > 0) bar.update((s.timeMs - first) / span)
      },
      complete: () => {
        // A marker that disagrees was already an error; no marker: old or cut short, say so.
        if (E.isLeft(end)) io.stderr.write(`openward replay: warning: ${path}: ${end.left.message}\n`)
        if (firstRefusal !== undefined)
          io.stderr.write(
            `openward replay: warning: ${path}: ${refused} impossible value(s) refused and printed as no reading (first: ${firstRefusal})\n`,
          )
        done(ExitCode.ok)
      },
      error: (e: OpenwardError | Error) => {
        const tagged = 'error' in e && isTaggedError(e.error) ? e.error : undefined
        io.stderr.write(`${count > 0 ? '\n' : ''}openward replay: ${tagged?.message ?? e.message}\n`)
        done(tagged ? ExitCode.invalid : ExitCode.internal)
      },
    })
  })
  virtual?.flush()
  const code = await result
  bar.done()
  return code
}

/** `openward replay`. */
export const replay: Command = {
  name: 'replay',
  summary: 'replay a device recording through the decoders (real time, N×, or at once)',
  help,
  run,
}
