import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { describeThrown } from '@openward/core'
import { createSandbox } from '@openward/fhir-sandbox'
import { jsonLineLogger } from '@openward/ward-stream'
import {
  DEFAULT_RECORDINGS,
  ensureWardAt,
  loadRecordings,
  type NatsAuth,
  patientThresholdsAt,
  readNatsAuthFile,
  runSimulation,
  runWorkerService,
  runWriterService,
  simulatedPatients,
  startNatsServer,
  storedAlerts,
  terminationSignal,
  wardStatusAt,
} from '@openward/ward-stream/node'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { integerIn } from '../option-values.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward ward worker   --servers URL[,URL] --tenant T [--creds FILE] [--id ID] [--partitions P] [--replicas R] [--checkpoint-ms N]
                         [--summary-spread-ms N]
       openward ward writer   --servers URL[,URL] --tenant T [--creds FILE] --fhir BASE_URL
       openward ward status   --servers URL[,URL] --tenant T [--creds FILE] [--json]
       openward ward thresholds --servers URL[,URL] --tenant T [--creds FILE] --patient KEY
                              (--normal N --review N | --clear) [--json]
       openward ward simulate --patients N --workers W [--kill-worker K] [--duration S] [--partitions P]
                              [--max-samples M] [--data DIR] [--json]

A region's virtual wards on NATS JetStream (@openward/ward-stream). Structured logs (one JSON object
per line) go to stderr; SIGTERM or Ctrl-C drains a worker or writer (last checkpoint, leases released).

  worker    runs the SpO2 detector for the partitions it holds (leases in JetStream KV)
  writer    writes alerts from the output stream to a FHIR server; acks only after the server confirmed
  status    per-partition owner, checkpoint and pending samples; writer backlog and oldest unacked age
  thresholds  sets a patient's own bands (SpO2 ≥ --normal is normal, ≥ --review is review, below is
            urgent) or removes them (--clear: the NHSE @home bands 95/93 apply); running workers apply
            the change from the patient's next sample
  simulate  starts nats-server (from PATH), W workers, the writer and a FHIR sandbox, replays the real
            recordings in --data as N patients (5 s batches, paced over --duration), SIGKILLs a worker
            K times, waits until the output is drained and compares the alerts stored in FHIR with the
            single-process @openward/spo2 operators on the same samples

Options:
  --servers URLS      NATS URLs, comma-separated (default nats://127.0.0.1:4222)
  --tenant T          ward tenant key, [A-Za-z0-9_-] (default "ward")
  --creds FILE        sign in to NATS: a NATS .creds file (user JWT + seed), or JSON {"user": "…", "password": "…"}
                      (e.g. the ward-service user of a per-ward server config); never a password on the command line
  --partitions P      partition count when the ward is created (default 16; fixed afterwards)
  --replicas R        stream and bucket replicas: 1, or 3 on a 3-node cluster (default 1)
  --checkpoint-ms N   how often each busy patient is checkpointed, writes spread over the interval
                      (default 10000; an idle partition checkpoints after 1 s)
  --summary-spread-ms N  a minute's summary is emitted up to N ms after the minute, each patient at
                      its own phase (default 30000; 0: all at the minute boundary)
  --fhir URL          FHIR base URL for the writer
  --patient KEY       the patient's key, as its samples are published ([A-Za-z0-9_-])
  --normal N          thresholds: lowest SpO2 % that is normal (e.g. 88 for a COPD target 88–92 %)
  --review N          thresholds: lowest SpO2 % that is review, below --normal (e.g. 86)
  --clear             thresholds: remove the patient's own bands
  --patients N        simulated patients (default 20)      --workers W    worker processes (default 2)
  --kill-worker K     SIGKILL a worker K times (default 0)  --duration S   publishing time (default 20)
  --max-samples M     samples per patient (default 900: 15 minutes of each recording)
  --data DIR          recordings directory (default ../shared/data/spo2 from the current directory)
  --json              one JSON object on stdout

Examples:
  openward ward simulate --patients 50 --workers 2 --kill-worker 2 --duration 30 --json
  openward ward worker --servers nats://10.0.0.5:4222 --tenant north
  openward ward status --servers nats://10.0.0.5:4222 --tenant north --json
  openward ward thresholds --servers nats://10.0.0.5:4222 --tenant north --patient p-0042 --normal 88 --review 86

Exit codes: 0 ok (simulate: nothing missing, doubled or invented, and drained), 1 simulate found a
difference, 2 usage, 3 NATS, FHIR or nats-server could not be reached or started.
`

const options = {
  servers: { type: 'string', default: 'nats://127.0.0.1:4222' },
  tenant: { type: 'string', default: 'ward' },
  creds: { type: 'string' },
  id: { type: 'string' },
  partitions: { type: 'string' },
  replicas: { type: 'string', default: '1' },
  'checkpoint-ms': { type: 'string', default: '10000' },
  'summary-spread-ms': { type: 'string', default: '30000' },
  fhir: { type: 'string' },
  json: { type: 'boolean', default: false },
  patients: { type: 'string', default: '20' },
  workers: { type: 'string', default: '2' },
  'kill-worker': { type: 'string', default: '0' },
  duration: { type: 'string', default: '20' },
  'max-samples': { type: 'string', default: '900' },
  data: { type: 'string' },
  patient: { type: 'string' },
  normal: { type: 'string' },
  review: { type: 'string' },
  clear: { type: 'boolean', default: false },
} as const

type Values = ReturnType<typeof parse>['values']

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, options })
}

const serverList = (v: Values): string[] => (v.servers ?? '').split(',').filter((s) => s !== '')

/** `--creds FILE` read, or none; `Left` with the message when the file does not hold credentials. */
async function authOf(v: Values, io: CommandIo): Promise<E.Either<string, NatsAuth | undefined>> {
  if (v.creds === undefined) return E.right(undefined)
  return E.bimap(
    (e: { message: string }) => e.message,
    (a: NatsAuth): NatsAuth | undefined => a,
  )(await readNatsAuthFile(resolve(io.cwd, v.creds))())
}

async function worker(v: Values, io: CommandIo): Promise<number> {
  const logger = jsonLineLogger((l) => io.stderr.write(l), { service: 'worker' })
  const servers = serverList(v)
  const tenant = v.tenant ?? 'ward'
  const auth = await authOf(v, io)
  if (E.isLeft(auth)) return fail(io, auth.left)
  const setup = await ensureWardAt(
    servers,
    tenant,
    {
      ...(v.partitions === undefined ? {} : { partitions: integerIn(v.partitions, 1, 1024, '--partitions') }),
      replicas: integerIn(v.replicas, 1, 5, '--replicas'),
    },
    auth.right,
  )()
  if (E.isLeft(setup)) return fail(io, setup.left.message)
  return runWorkerService(
    { servers, logger, stopSignal: terminationSignal(), ...(auth.right === undefined ? {} : { auth: auth.right }) },
    {
      tenant,
      ...(v.id === undefined ? {} : { workerId: v.id }),
      checkpointIntervalMs: integerIn(v['checkpoint-ms'], 100, 600_000, '--checkpoint-ms'),
      summarySpreadMs: integerIn(v['summary-spread-ms'], 0, 59_000, '--summary-spread-ms'),
    },
  )
}

async function writer(v: Values, io: CommandIo): Promise<number> {
  if (v.fhir === undefined) throw new UsageError('writer needs --fhir BASE_URL')
  const logger = jsonLineLogger((l) => io.stderr.write(l), { service: 'writer' })
  const servers = serverList(v)
  const tenant = v.tenant ?? 'ward'
  const auth = await authOf(v, io)
  if (E.isLeft(auth)) return fail(io, auth.left)
  const setup = await ensureWardAt(
    servers,
    tenant,
    { replicas: integerIn(v.replicas, 1, 5, '--replicas') },
    auth.right,
  )()
  if (E.isLeft(setup)) return fail(io, setup.left.message)
  return runWriterService(
    { servers, logger, stopSignal: terminationSignal(), ...(auth.right === undefined ? {} : { auth: auth.right }) },
    { tenant, fhir: v.fhir },
  )
}

async function status(v: Values, io: CommandIo): Promise<number> {
  const auth = await authOf(v, io)
  if (E.isLeft(auth)) return fail(io, auth.left)
  const got = await wardStatusAt(serverList(v), v.tenant ?? 'ward', auth.right)()
  if (E.isLeft(got)) return fail(io, got.left.message)
  const s = got.right
  if (v.json) io.stdout.write(`${JSON.stringify(s)}\n`)
  else {
    io.stdout.write(
      `ward ${s.tenant}: ${s.workers.length} workers, ${s.samples.messages} sample messages, ${s.deadLetters} dead letters\n`,
    )
    if (s.writer !== null)
      io.stdout.write(
        `writer: ${s.writer.pending} pending, ${s.writer.ackPending} unacked, oldest unacked ${s.writer.oldestUnackedAgeMs ?? '-'} ms\n`,
      )
    for (const p of s.partitions)
      io.stdout.write(
        `partition ${p.partition}: owner ${p.owner ?? '(none)'}, checkpoint ${p.checkpointSeq} (${p.checkpointAgeMs ?? '-'} ms ago), ${p.pending} pending\n`,
      )
  }
  return ExitCode.ok
}

async function thresholds(v: Values, io: CommandIo): Promise<number> {
  const patientKey = v.patient
  if (patientKey === undefined) throw new UsageError('thresholds needs --patient KEY')
  const given = v.normal !== undefined || v.review !== undefined
  if (v.clear === given) throw new UsageError('thresholds needs either --normal N --review N, or --clear')
  if (given && (v.normal === undefined || v.review === undefined))
    throw new UsageError('thresholds needs both --normal and --review')
  const bands = v.clear
    ? null
    : {
        normalAtOrAbove: integerIn(v.normal!, 1, 100, '--normal'),
        reviewAtOrAbove: integerIn(v.review!, 1, 100, '--review'),
      }
  const auth = await authOf(v, io)
  if (E.isLeft(auth)) return fail(io, auth.left)
  const tenant = v.tenant ?? 'ward'
  const done = await patientThresholdsAt(serverList(v), tenant, patientKey, bands, auth.right)()
  if (E.isLeft(done)) {
    // Bands the detector cannot use (review not below normal) or a key that is not one are the user's to fix.
    if (done.left._tag === 'InvalidOption' || done.left._tag === 'InvalidKey') throw new UsageError(done.left.message)
    return fail(io, done.left.message)
  }
  if (v.json) io.stdout.write(`${JSON.stringify({ tenant, patientKey, bands, revision: done.right })}\n`)
  else
    io.stdout.write(
      bands === null
        ? `patient ${patientKey}: own bands removed; the NHSE @home bands (95/93) apply from its next sample\n`
        : `patient ${patientKey}: normal at SpO2 ≥ ${bands.normalAtOrAbove} %, review ≥ ${bands.reviewAtOrAbove} %, urgent below; running workers apply them from its next sample\n`,
    )
  return ExitCode.ok
}

async function simulate(v: Values, io: CommandIo): Promise<number> {
  const patientsN = integerIn(v.patients, 1, 1_000_000, '--patients')
  const workers = integerIn(v.workers, 1, 64, '--workers')
  const kills = integerIn(v['kill-worker'], 0, 1000, '--kill-worker')
  const durationS = integerIn(v.duration, 1, 86_400, '--duration')
  const maxSamples = integerIn(v['max-samples'], 1, 10_000_000, '--max-samples')
  const partitions = v.partitions === undefined ? 16 : integerIn(v.partitions, 1, 1024, '--partitions')
  const dataDir = resolve(io.cwd, v.data ?? '../shared/data/spo2')
  if (!existsSync(dataDir)) throw new UsageError(`--data ${dataDir}: no such directory (the shared SpO2 recordings)`)
  const logger = jsonLineLogger((l) => io.stderr.write(l), { service: 'simulate' })
  let nats
  try {
    nats = await startNatsServer()
  } catch (e) {
    io.stderr.write(`openward ward simulate: cannot start nats-server from PATH: ${describeThrown(e)}\n`)
    return ExitCode.io
  }
  const sandbox = await createSandbox({ port: 0 })
  try {
    const recordings = await loadRecordings(dataDir, DEFAULT_RECORDINGS)
    const patients = simulatedPatients(recordings, patientsN, maxSamples)
    logger.log('info', 'simulate-started', { nats: nats.url, fhir: sandbox.baseUrl, patients: patientsN, workers })
    // Services are this same CLI in child processes (so they can be SIGKILLed), with this process's Node flags.
    const self = [...process.execArgv, process.argv[1] ?? '']
    const result = await runSimulation({
      servers: [nats.url],
      fhirBaseUrl: sandbox.baseUrl,
      tenant: 'sim',
      patients,
      workers,
      killWorker: kills,
      durationS,
      ward: { partitions, leaseTtlMs: 3_000 },
      logger,
      spawnService: (kind, id, tenant) => ({
        command: process.execPath,
        args: [
          ...self,
          'ward',
          kind,
          '--servers',
          nats.url,
          '--tenant',
          tenant,
          ...(kind === 'worker' ? ['--id', id, '--checkpoint-ms', '1000'] : ['--fhir', sandbox.baseUrl]),
        ],
      }),
    })
    const ok = result.drained && result.missing === 0 && result.duplicates === 0 && result.unexpected === 0
    if (v.json) io.stdout.write(`${JSON.stringify(result)}\n`)
    else {
      // Where the alerts went: the FHIR sandbox, read back per patient.
      const stored = await storedAlerts(sandbox.baseUrl)
      const byPatient = new Map<string, string[]>()
      for (const f of stored) {
        const [patient = '', rule = '', time = ''] = f.split('|')
        byPatient.set(patient, [...(byPatient.get(patient) ?? []), `${time.slice(11, 19)}Z ${rule}`])
      }
      for (const alerts of byPatient.values()) alerts.sort()
      const lines = [
        `${result.patients} patients replayed from ${recordings.length} real recordings (${result.samples} samples, ${result.batches} batches) through ${workers} workers, ${result.workerKills} SIGKILLed and restarted`,
        `NATS ${nats.url}: samples on ward.sim.samples.<partition>.<patient>, alerts on ward.sim.out.alert.<patient>`,
        `FHIR sandbox ${sandbox.baseUrl} (stopped at exit): ${result.alertsStored} alert Observations (identifier system urn:openward:alert); the single-process detector expects ${result.alertsExpected}: ${result.missing} missing, ${result.duplicates} doubled`,
        ...[...byPatient]
          .slice(0, 12)
          .map(([p, alerts]) => `  ${p}: ${alerts.length} alerts, the first at ${alerts[0]}`),
        ...(byPatient.size > 12 ? [`  … and ${byPatient.size - 12} more patients with alerts`] : []),
        `publish → alert on the output stream: p50 ${result.p50LatencyMs ?? '-'} ms, p99 ${result.p99LatencyMs ?? '-'} ms`,
      ]
      io.stdout.write(`${lines.join('\n')}\n`)
    }
    return ok ? ExitCode.ok : ExitCode.invalid
  } finally {
    await sandbox.close()
    await nats.stop()
  }
}

function fail(io: CommandIo, message: string): number {
  io.stderr.write(`openward ward: ${message}\n`)
  return ExitCode.io
}

/** `openward ward worker|writer|status|thresholds|simulate`. */
export const ward: Command = {
  name: 'ward',
  summary:
    'virtual wards on NATS JetStream: detector workers, FHIR writer, status, patient thresholds, local simulation',
  help,
  run: async (argv, io) => {
    const { values, positionals } = parse(argv)
    const [sub, ...rest] = positionals
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`)
    switch (sub) {
      case 'worker':
        return worker(values, io)
      case 'writer':
        return writer(values, io)
      case 'status':
        return status(values, io)
      case 'simulate':
        return simulate(values, io)
      case 'thresholds':
        return thresholds(values, io)
      default:
        throw new UsageError(
          `ward needs one of worker, writer, status, thresholds, simulate${sub === undefined ? '' : `, got '${sub}'`}`,
        )
    }
  },
}
