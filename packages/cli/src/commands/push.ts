import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import {
  alertObservation,
  createOutbox,
  createTransport,
  type Observation,
  samplesToObservations,
} from '@openward/fhir'
import { openFileOutboxStoreOrThrow } from '@openward/fhir/node'
import { alertSpans, detectSustainedBelow } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import type { createSandbox } from '@openward/fhir-sandbox'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { missingPackage } from '../missing-package.js'
import { loadOrExit } from '../input/load-or-exit.js'
import { integerIn } from '../option-values.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward push <recording> (--fhir <base-url> | --sandbox) (--nhs-number <n> | --patient <Patient/id>) --device-id <id> [options]

Sends a recording's samples (one SpO2 and one pulse-rate Observation per usable sample, UK Core codes)
and its sustained-low alerts to a FHIR R4 server through a durable outbox: everything is queued in a
journal first, sent in order as idempotent transactions, and removed only once the server confirmed it.
If the server fails part-way, run the same command again: what is queued is sent, what the server already
has is found by identifier and never stored twice.

Input: any recording 'openward analyze' reads (CSV, Viatom, EDF, .owrec, ...; told apart by content).

Options:
  --fhir <url>            FHIR base URL, e.g. http://127.0.0.1:8103/fhir
  --sandbox               a dry run instead: push to a throwaway in-memory FHIR sandbox that validates
                          every write (needs the optional package @openward/fhir-sandbox; exit 6 without)
  --nhs-number <n>        the patient's NHS number (identifier reference)
  --patient <ref>         a literal reference instead, e.g. Patient/123
  --device-id <id>        a stable id of the oximeter (part of every Observation's identifier)
  --outbox <file>         the outbox journal (default <recording>.outbox.ndjson)
  --bundle-size <n>       resources per transaction (default 100)
  --no-alerts             do not send the sustained-low alerts (SpO2 ≤ 92 % for 15 s)
  --json                  print the result as JSON

Examples:
  openward sandbox --port 8103 &
  openward push night.owrec --fhir http://127.0.0.1:8103/fhir --nhs-number 9000000009 --device-id cms50d-0042

Exit codes: 0 everything confirmed, 1 not a valid recording, a sample could not be mapped, or the server
refused entries for good (kept in the outbox journal as dead letters with its OperationOutcome), 2 usage,
3 the file cannot be read or the server failed (what is not confirmed stays in the outbox).
`

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      fhir: { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      'nhs-number': { type: 'string' },
      patient: { type: 'string' },
      'device-id': { type: 'string' },
      outbox: { type: 'string' },
      'bundle-size': { type: 'string', default: '100' },
      'no-alerts': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  const [input, ...extra] = positionals
  if (input === undefined || extra.length > 0) throw new UsageError('give exactly one recording')
  if ((values.fhir === undefined) === !values.sandbox) throw new UsageError('give --fhir <base-url> or --sandbox')
  if (values['device-id'] === undefined) throw new UsageError('--device-id is required')
  const nhsNumber = values['nhs-number']
  const reference = values.patient
  if (nhsNumber === undefined && reference === undefined) throw new UsageError('give --nhs-number or --patient')
  const bundleSize = integerIn(values['bundle-size'], 1, 1000, '--bundle-size')

  const loaded = await loadOrExit('push', input, io)
  if (E.isLeft(loaded)) return loaded.left
  const subject = {
    ...(nhsNumber === undefined ? {} : { nhsNumber }),
    ...(reference === undefined ? {} : { reference }),
  }
  const { observations, skipped } = samplesToObservations(loaded.right.samples, {
    subject,
    deviceId: values['device-id'],
  })
  const alerts: Observation[] = []
  if (!values['no-alerts']) {
    for (const a of alertSpans(detectSustainedBelow(loaded.right.samples))) {
      // An AlertSpan carries the rule, start, end and nadir the alert Observation needs.
      const built = alertObservation({ ...a, severity: 'urgent', patient: subject })
      if (E.isLeft(built)) {
        io.stderr.write(`openward push: an alert could not be mapped: ${built.left.message}\n`)
        return ExitCode.invalid
      }
      alerts.push(built.right)
    }
  }

  const server = values.sandbox ? await startSandbox(io) : { baseUrl: values.fhir!, close: async () => undefined }
  if (typeof server === 'number') return server
  // A dry run keeps its journal apart, so it never leaves entries for a later real push; it is
  // removed afterwards unless the sandbox refused something (then it holds the reasons).
  const scratch =
    values.sandbox && values.outbox === undefined ? await mkdtemp(join(tmpdir(), 'openward-push-')) : undefined
  const journal = resolve(
    io.cwd,
    values.outbox ?? (scratch ? join(scratch, 'outbox.ndjson') : `${input}.outbox.ndjson`),
  )
  await mkdir(dirname(journal), { recursive: true })
  try {
    const code = await send(server.baseUrl, journal)
    if (scratch !== undefined && code === ExitCode.ok) await rm(scratch, { recursive: true, force: true })
    return code
  } finally {
    await server.close()
  }

  async function send(baseUrl: string, journal: string): Promise<number> {
    const outbox = createOutbox({
      store: openFileOutboxStoreOrThrow(journal),
      transport: createTransport({ baseUrl }),
      bundleSize,
    })
    const enqueued = await outbox.enqueue([...observations, ...alerts])()
    if (E.isLeft(enqueued)) {
      io.stderr.write(`openward push: cannot queue in ${journal}: ${enqueued.left.message}\n`)
      return ExitCode.io
    }
    const flushed = await outbox.flush()()
    const remaining = await outbox.size()
    const dead = await outbox.deadLetters()()
    const deadLetters = E.isRight(dead) ? dead.right.length : 0
    const result = {
      queued: observations.length + alerts.length,
      observations: observations.length,
      alerts: alerts.length,
      skippedSampleValues: skipped.length,
      sent: E.isRight(flushed) ? flushed.right.sent : null,
      reconciled: E.isRight(flushed) ? flushed.right.reconciled : null,
      refused: deadLetters,
      remaining,
      outbox: journal,
      error: E.isLeft(flushed) ? { _tag: flushed.left._tag, message: flushed.left.message } : null,
    }
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else
      io.stdout.write(
        E.isRight(flushed)
          ? `pushed ${result.queued} resources (${result.observations} Observations, ${result.alerts} alerts; ${result.skippedSampleValues} sample values skipped as unusable): ${result.sent} sent, ${result.reconciled} already on the server, ${deadLetters} refused by the server for good${deadLetters > 0 ? ` (kept in ${journal} with its reasons)` : ''}, ${remaining} waiting\n`
          : `push stopped: ${result.error?.message ?? ''}; ${remaining} resources wait in ${journal}: run the same command again to resume\n`,
      )
    if (E.isLeft(flushed) || remaining > 0) return ExitCode.io
    // Entries the server refused for good (400, 409, 412, 422) were not stored: never a silent 0.
    return deadLetters > 0 ? ExitCode.invalid : ExitCode.ok
  }
}

type SandboxModule = { readonly createSandbox: typeof createSandbox }

/**
 * A validating in-memory sandbox on a free loopback port, for `--sandbox`. The package is optional
 * and imported only here; without it, one line and exit 6.
 */
async function startSandbox(io: CommandIo): Promise<{ baseUrl: string; close(): Promise<void> } | number> {
  let sandboxModule: SandboxModule
  try {
    sandboxModule = await import('@openward/fhir-sandbox')
  } catch (error) {
    if (missingPackage(error) === undefined) throw error
    io.stderr.write(
      'openward push: install @openward/fhir-sandbox to use --sandbox (npm install @openward/fhir-sandbox)\n',
    )
    return ExitCode.missingOptional
  }
  const sandbox = await sandboxModule.createSandbox({ port: 0, validateOnWrite: true })
  io.stderr.write(`openward push: dry run against a throwaway validating sandbox at ${sandbox.baseUrl}\n`)
  return sandbox
}

/** `openward push`: a recording's samples and alerts to a FHIR server, through the durable outbox. */
export const push: Command = {
  name: 'push',
  summary: "send a recording's samples and alerts to a FHIR server through a durable outbox",
  help,
  run,
}
