import { parseArgs } from 'node:util'

import { isTaggedError, type OximetrySample } from '@openward/core'
import { record as recordChunks } from '@openward/oximeter'
import { openSerialOximeterOrThrow } from '@openward/oximeter/node-serial'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { openAtomicOutput, outputFailureExit } from '../output/atomic-output.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward record --port <path> --protocol <id> -o <night.owrec[.gz]> [--duration <seconds>] [--baud <rate>]

Records the raw byte stream of a serial oximeter (with the times the bytes arrived) while
decoding it live. Stops on Ctrl-C (SIGINT/SIGTERM) or after --duration seconds.

Options:
  --port PATH       serial port, e.g. /dev/ttyUSB0, COM3, or a pty (not listed by port scans)
  --protocol ID     a serial protocol: contec-v7, contec-legacy, nonin-df2, nonin-df7, nonin-df8, nonin-df13, ...
  -o, --output FILE the recording (.gz: gzip-compressed)
  --duration S      stop after S seconds
  --baud RATE       override the protocol's baud rate

A live status line goes to standard error when it is a terminal.
The file appears under its name when recording stops (until then it is a hidden .<name>.<pid>-<n>.tmp
next to it), ending with the end marker; a recording killed mid-way stays in that .tmp file.
Exit codes: 0 ok, 1 unknown protocol, 2 usage, 3 the port or the file cannot be opened or the port was lost.
`

function options(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      protocol: { type: 'string' },
      output: { type: 'string', short: 'o' },
      duration: { type: 'string' },
      baud: { type: 'string' },
    },
    allowPositionals: false,
  })
  if (positionals.length > 0) throw new UsageError('unexpected arguments')
  const { port, protocol, output } = values
  if (port === undefined || protocol === undefined || output === undefined)
    throw new UsageError('--port, --protocol and -o are required')
  const duration = values.duration === undefined ? undefined : Number(values.duration)
  if (duration !== undefined && !(duration > 0)) throw new UsageError('--duration must be a number of seconds > 0')
  const baud = values.baud === undefined ? undefined : Number(values.baud)
  if (baud !== undefined && !(Number.isInteger(baud) && baud > 0))
    throw new UsageError('--baud must be a positive integer')
  return { port, protocol, output, duration, baud }
}

/** Resolves after `seconds`, or on SIGINT/SIGTERM; the returned function removes the handlers. */
function stopSignal(seconds: number | undefined): { stopped: Promise<void>; dispose: () => void } {
  let stop = () => undefined as void
  const stopped = new Promise<void>((r) => (stop = r))
  const timer = seconds === undefined ? undefined : setTimeout(stop, seconds * 1000)
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return {
    stopped,
    dispose: () => {
      clearTimeout(timer)
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    },
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const o = options(argv)
  // Written under a temporary name and renamed when the recording stops: a recording killed
  // mid-way stays a hidden .tmp file (readable, flagged cut short), never a complete-looking one.
  const out = await openAtomicOutput(o.output, io)
  if (E.isLeft(out)) {
    io.stderr.write(`openward record: ${out.left.message}\n`)
    return outputFailureExit(out.left)
  }
  let oximeter: Awaited<ReturnType<typeof openSerialOximeterOrThrow>>
  try {
    oximeter = await openSerialOximeterOrThrow({
      path: o.port,
      protocol: o.protocol,
      ...(o.baud ? { baudRate: o.baud } : {}),
    })
  } catch (error) {
    const tagged = (error as { error?: unknown }).error
    io.stderr.write(`openward record: ${isTaggedError(tagged) ? tagged.message : String(error)}\n`)
    await out.right.abort()
    return isTaggedError(tagged) && tagged._tag === 'Unsupported' ? ExitCode.invalid : ExitCode.io
  }
  let samples = 0
  let last: OximetrySample | undefined
  let lost: string | undefined
  const { stopped, dispose } = stopSignal(o.duration)
  const tap = oximeter.raw$
    .pipe(
      recordChunks((text) => out.right.writeSync(text), {
        protocol: o.protocol,
        clock: 'host',
        device: oximeter.device,
        transport: 'node-serial',
      }),
    )
    .subscribe({ error: () => undefined })
  oximeter.samples$.subscribe({
    next: (s) => {
      samples++
      last = s
      if (io.stderr.isTTY && samples % 30 === 1)
        io.stderr.write(`\rrecording ${samples} samples, SpO2 ${last.spo2 ?? '--'} PR ${last.pulseRate ?? '--'}   `)
    },
    error: (e: { error?: { message?: string } }) => {
      lost = e.error?.message ?? 'connection lost'
    },
  })
  await Promise.race([
    stopped,
    new Promise<void>((r) => oximeter.connection$.subscribe({ complete: r, error: () => r() })),
  ])
  dispose()
  await oximeter.close()
  tap.unsubscribe() // writes the end marker
  const committed = await out.right.commit()
  if (E.isLeft(committed)) {
    io.stderr.write(`openward record: ${committed.left.message}\n`)
    return outputFailureExit(committed.left)
  }
  io.stderr.write(
    `${io.stderr.isTTY ? '\n' : ''}recorded ${samples} samples to ${o.output}${lost ? ` (${lost})` : ''}\n`,
  )
  return lost === undefined ? ExitCode.ok : ExitCode.io
}

/** `openward record`. */
export const record: Command = {
  name: 'record',
  summary: 'record a serial oximeter’s raw stream to a replayable file',
  help,
  run,
}
