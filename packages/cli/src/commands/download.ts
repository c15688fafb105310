import { parseArgs } from 'node:util'

import {
  downloadContecLegacySession,
  downloadContecV7Sessions,
  type DownloadedSession,
  type DownloadError,
  type DownloadLink,
  type DownloadProgress,
  encodeDownloadRecording,
  openSerialPortLink,
} from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import type * as SerialPortModule from 'serialport'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { openAtomicOutput, outputFailureExit } from '../output/atomic-output.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward download --protocol <id> --port <path> -o <night.owrec[.gz]> [options]

Downloads the sessions an oximeter stored in its memory and writes each as a replayable recording
(.owrec) that carries the device's start time. Progress goes to standard error.

Protocols:
  contec-v7       Contec "V7.0" storage commands (CMS50D+ v4.6, CMS50E/F, CMS60C), 115200 8N1:
                  segment list, start time, length, data; restarted from the first reading after a drop
  contec-legacy   Contec CMS50D+ (before v4.6) recorded data, F5 F5, 19200 8O1 (no date is stored:
                  give --start, else the start is the download time minus the duration)
  viatom-o2       O2Ring / Checkme O2 files: Bluetooth only, so they download in the browser with
                  downloadViatomO2OverBluetooth from @openward/oximeter/web-bluetooth

Options:
  --protocol ID     contec-v7 or contec-legacy (see above)
  --port PATH       the serial port, e.g. /dev/ttyUSB0, COM3 or a pty
  -o, --output FILE the recording; with several sessions, FILE-1.owrec, FILE-2.owrec, ... (.gz: gzipped)
  --session N       only the Nth stored session (1 = the first)
  --utc-offset MIN  the device clock's offset from UTC in minutes (default 0; e.g. 60 for BST)
  --start ISO       the start of a legacy recording, e.g. 2026-12-06T22:30:00Z
  --retries N       resume/restart attempts after a drop, a stall or a corrupt block (default 3)
  --timeout MS      silence before a request counts as a stall (default 2000)

Each file appears under its name only once its session is whole and verified (until then it is a
hidden .<name>.<pid>-<n>.tmp beside it, removed on failure), and ends with the end marker.
Exit codes: 0 every session written; 1 the data failed its integrity check or the device refused;
2 usage (including viatom-o2, which needs a browser); 3 the port cannot be opened, or the link
dropped for good (DownloadInterrupted; nothing complete-looking is left); 4 the device holds no
stored session; 6 the optional package serialport is missing.
`

const PROTOCOLS = ['contec-v7', 'contec-legacy', 'viatom-o2'] as const
type Protocol = (typeof PROTOCOLS)[number]

function options(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      protocol: { type: 'string' },
      port: { type: 'string' },
      output: { type: 'string', short: 'o' },
      session: { type: 'string' },
      'utc-offset': { type: 'string' },
      start: { type: 'string' },
      retries: { type: 'string' },
      timeout: { type: 'string' },
    },
    allowPositionals: false,
  })
  if (positionals.length > 0) throw new UsageError('unexpected arguments')
  const protocol = values.protocol as Protocol | undefined
  if (protocol === undefined || !PROTOCOLS.includes(protocol))
    throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}`)
  if (protocol === 'viatom-o2')
    throw new UsageError(
      'viatom-o2 stores its nights on a Bluetooth device: download them in a browser with downloadViatomO2OverBluetooth (@openward/oximeter/web-bluetooth)',
    )
  const { port, output } = values
  if (port === undefined || output === undefined) throw new UsageError('--port and -o are required')
  const int = (name: string, text: string | undefined, min: number) => {
    if (text === undefined) return undefined
    const n = Number(text)
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`)
    return n
  }
  if (protocol === 'contec-legacy' && values.session !== undefined)
    throw new UsageError('--session does not apply to contec-legacy: the device keeps one recording')
  const startTimeMs = values.start === undefined ? undefined : Date.parse(values.start)
  if (startTimeMs !== undefined && Number.isNaN(startTimeMs))
    throw new UsageError('--start must be an ISO 8601 date and time, e.g. 2026-12-06T22:30:00Z')
  const utcOffset = values['utc-offset'] === undefined ? undefined : Number(values['utc-offset'])
  if (utcOffset !== undefined && !(Number.isInteger(utcOffset) && Math.abs(utcOffset) <= 14 * 60))
    throw new UsageError('--utc-offset must be whole minutes between -840 and 840')
  return {
    protocol,
    port,
    output,
    session: int('session', values.session, 1),
    utcOffset,
    startTimeMs,
    retries: int('retries', values.retries, 0),
    timeoutMs: int('timeout', values.timeout, 1),
  }
}

/** Serial line settings (spec note §3.1(a) legacy: 19200 8O1; §3.1(b) V7.0: 115200 8N1). */
const LINE = {
  'contec-v7': { baudRate: 115200, parity: 'none' },
  'contec-legacy': { baudRate: 19200, parity: 'odd' },
} as const

/** Exit code and one line for a download error. */
function failure(e: DownloadError): number {
  switch (e._tag) {
    case 'DownloadCorrupt':
    case 'DeviceRefused':
      return ExitCode.invalid
    case 'DownloadInterrupted':
    case 'DownloadLinkFailure':
      return ExitCode.io
  }
}

const outputName = (output: string, index: number, count: number): string => {
  if (count === 1) return output
  const m = /^(.*?)((?:\.owrec)?(?:\.gz)?)$/.exec(output)
  return `${m?.[1] ?? output}-${index + 1}${m?.[2] ?? ''}`
}

function progressLine(io: CommandIo) {
  let lastPercent = -1
  return (p: DownloadProgress) => {
    if (p.phase === 'listing') return void io.stderr.write(`download: asking the device for its sessions\n`)
    const percent = p.expectedBytes ? Math.floor((100 * p.receivedBytes) / p.expectedBytes) : 0
    const label = `${p.session} (${p.sessionIndex + 1}/${p.sessionCount || 1})`
    if (p.phase === 'resuming')
      return void io.stderr.write(
        `${io.stderr.isTTY ? '\n' : ''}download: ${label}: link lost or data damaged, attempt ${p.attempt}\n`,
      )
    if (io.stderr.isTTY) io.stderr.write(`\rdownload: ${label} ${percent}%   `)
    else if (p.phase === 'done' || Math.floor(percent / 10) !== Math.floor(lastPercent / 10))
      io.stderr.write(`download: ${label} ${percent}% (${p.receivedBytes} of ${p.expectedBytes ?? '?'} bytes)\n`)
    lastPercent = p.phase === 'done' ? -1 : percent
  }
}

async function openLink(o: ReturnType<typeof options>, io: CommandIo): Promise<DownloadLink | number> {
  let serialport: typeof SerialPortModule
  try {
    serialport = await import('serialport')
  } catch {
    io.stderr.write('openward download: install the optional package "serialport" to use serial ports\n')
    return ExitCode.missingOptional
  }
  const line = LINE[o.protocol as keyof typeof LINE]
  const port = new serialport.SerialPort({
    path: o.port,
    baudRate: line.baudRate,
    parity: line.parity,
    autoOpen: false,
  })
  const link = await openSerialPortLink(port)()
  if (E.isLeft(link)) {
    // The port's own words (e.g. "Error: No such file or directory, cannot open /dev/ttyUSB9"), once.
    io.stderr.write(`openward download: cannot open ${o.port}: ${link.left.cause}\n`)
    return ExitCode.io
  }
  return link.right
}

async function writeSession(session: DownloadedSession, output: string, io: CommandIo): Promise<number> {
  const out = await openAtomicOutput(output, io)
  if (E.isLeft(out)) {
    io.stderr.write(`openward download: ${out.left.message}\n`)
    return outputFailureExit(out.left)
  }
  for (const piece of encodeDownloadRecording(session)) await out.right.write(piece)
  const committed = await out.right.commit()
  if (E.isLeft(committed)) {
    io.stderr.write(`openward download: ${committed.left.message}\n`)
    return outputFailureExit(committed.left)
  }
  const start = new Date(session.startTimeMs).toISOString().replace('.000Z', 'Z')
  io.stderr.write(
    `wrote ${output}: ${session.id}, ${session.samples.length} samples every ${session.intervalS} s from ${start} (${session.startSource} clock); verified: ${session.integrity}\n`,
  )
  return ExitCode.ok
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const o = options(argv)
  const link = await openLink(o, io)
  if (typeof link === 'number') return link
  const common = {
    onProgress: progressLine(io),
    ...(o.retries === undefined ? {} : { maxRetries: o.retries }),
    ...(o.timeoutMs === undefined ? {} : { replyTimeoutMs: o.timeoutMs }),
    device: { id: o.port },
  }
  const result =
    o.protocol === 'contec-v7'
      ? await downloadContecV7Sessions(link, {
          ...common,
          ...(o.session === undefined ? {} : { segments: [o.session - 1] }),
          ...(o.utcOffset === undefined ? {} : { utcOffsetMinutes: o.utcOffset }),
          ...(o.startTimeMs === undefined ? {} : { startTimeMs: o.startTimeMs }),
        })()
      : await downloadContecLegacySession(link, {
          ...common,
          ...(o.startTimeMs === undefined ? {} : { startTimeMs: o.startTimeMs }),
        })().then(E.map((s) => [s]))
  await link.close().catch(() => undefined)
  if (io.stderr.isTTY) io.stderr.write('\n')
  if (E.isLeft(result)) {
    io.stderr.write(`openward download: ${result.left.message}\n`)
    return failure(result.left)
  }
  const sessions = result.right
  if (sessions.length === 0) {
    io.stderr.write(`openward download: the device on ${o.port} holds no stored session\n`)
    return ExitCode.noData
  }
  for (const [k, session] of sessions.entries()) {
    const code = await writeSession(session, outputName(o.output, k, sessions.length), io)
    if (code !== ExitCode.ok) return code
  }
  return ExitCode.ok
}

/** `openward download`. */
export const download: Command = {
  name: 'download',
  summary: 'download the sessions an oximeter stored (Contec V7, Contec legacy) to replayable recordings',
  help,
  run,
}
