import { type ChildProcess, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { jetstream, type JetStreamManager, jetstreamManager } from '@nats-io/jetstream'
import { type KV, Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import type { OximetrySample } from '@openward/core'
import { createTransport, searchPagesOrThrow } from '@openward/fhir'
import { importOximetryCsv } from '@openward/oximeter'
import { type AlertBands, NHSE_OXIMETRY_HOME_BANDS, qualityGate, sustainedBelow, thresholdAlerts } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import { from, lastValueFrom, map, merge, toArray } from 'rxjs'

import { setPatientThresholds } from '../patient-thresholds.js'
import { partitionOf as partitionOfKey } from '../partition.js'
import { publishSamples } from '../publish-samples.js'
import type { WardLogger } from '../ward-logger.js'
import { wardNames } from '../ward-names.js'
import type { WardEventOutput } from '../ward-output.js'
import { ensureWard, type EnsureWardOptions } from './ensure-ward.js'
import { partitionPending } from './ward-status.js'

/** One replayed recording: its samples, with times relative to 0. */
export interface Recording {
  readonly name: string
  readonly samples: readonly OximetrySample[]
}

/** Loads the 1 Hz CSV recordings (`t_seconds,spo2[,pr[,pi]]`) of a directory such as `../shared/data/spo2`. */
export async function loadRecordings(dir: string, names: readonly string[]): Promise<Recording[]> {
  const out: Recording[] = []
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8')
    const samples = importOximetryCsv(text, { startTimeMs: 0, protocol: 'import:csv' })
    if (E.isLeft(samples)) throw new Error(`${name}: ${samples.left.message}`)
    out.push({ name, samples: samples.right })
  }
  return out
}

/** The recordings `simulate` uses by default: the real 1 Hz recordings with SpO2 and pulse. */
export const DEFAULT_RECORDINGS: readonly string[] = [
  'ubicomp_varied_fio2_100001_masimo_1hz.csv',
  'ubicomp_varied_fio2_100002_masimo_1hz.csv',
  'ubicomp_varied_fio2_100003_masimo_1hz.csv',
  'ubicomp_varied_fio2_100004_masimo_1hz.csv',
  'ubicomp_varied_fio2_100005_masimo_1hz.csv',
  'ubicomp_varied_fio2_100006_masimo_1hz.csv',
  'physiozoo_example_spo2_1h_1hz.csv',
]

/** A simulated patient: key, own bands (or none: NHSE defaults) and samples on the wall-clock epoch. */
export interface SimPatient {
  readonly key: string
  readonly bands: AlertBands | null
  readonly samples: readonly OximetrySample[]
}

const SIM_EPOCH_MS = Date.UTC(2026, 0, 5, 8, 0, 0)
/** How long `stopWorker` waits for a SIGTERMed worker to drain before it SIGKILLs it (its own limit is 20 s). */
const STOP_WORKER_MS = 30_000

/**
 * N patients from the recordings: patient i replays recording i mod R from `SIM_EPOCH + i s`; every
 * third patient has COPD bands (88/86), patient 0 has none configured (NHSE defaults + a warning),
 * the rest NHSE bands set explicitly.
 */
export function simulatedPatients(
  recordings: readonly Recording[],
  n: number,
  maxSamplesPerPatient = Number.POSITIVE_INFINITY,
): SimPatient[] {
  return Array.from({ length: n }, (_, i) => {
    const rec = recordings[i % recordings.length]!
    const offset = SIM_EPOCH_MS + i * 1000
    const samples = rec.samples.slice(0, maxSamplesPerPatient).map((s) => ({ ...s, timeMs: s.timeMs + offset }))
    const bands = i === 0 ? null : i % 3 === 0 ? { normalAtOrAbove: 88, reviewAtOrAbove: 86 } : NHSE_OXIMETRY_HOME_BANDS
    return { key: `p${String(i).padStart(5, '0')}`, bands, samples }
  })
}

/** One expected or stored alert, in a form both sides can produce: patient | rule@version/type[:level] | time | nadir. */
export type AlertFingerprint = string

/**
 * The reference: the single-process `@openward/spo2` operators (quality gate → threshold alerts with
 * the patient's bands, and sustained low), run per patient with `perPatient` on the same samples.
 * Staleness (arrival time) and the `end-of-data` clear (the stream never ends) are not alerts the
 * distributed run can share, so they are left out on both sides.
 */
export async function expectedAlerts(patients: readonly SimPatient[]): Promise<AlertFingerprint[]> {
  const out: AlertFingerprint[] = []
  for (const p of patients) {
    // Two passes over the same samples (the gate is deterministic): `from` is synchronous, so a
    // shared source would finish before the second rule subscribed.
    const gated$ = () =>
      from(p.samples).pipe(
        qualityGate(),
        // A rejected reading reaches the rules as "no value", as in the patient detector.
        map((g) => (g.rejected !== null && g.sample.spo2 !== null ? { ...g.sample, spo2: null } : g.sample)),
      )
    const events = await lastValueFrom(
      merge(
        gated$().pipe(thresholdAlerts({ bands: p.bands ?? NHSE_OXIMETRY_HOME_BANDS })),
        gated$().pipe(sustainedBelow()),
      ).pipe(toArray()),
    )
    for (const e of events) {
      const rule = `${e.rule.name}@${e.rule.version}`
      if (e.type === 'escalated' || e.type === 'de-escalated')
        out.push(fingerprint(p.key, `${rule}/${e.type}:${e.to}`, e.atMs, e.sample.spo2))
      else if (e.type === 'raised') out.push(fingerprint(p.key, `${rule}/raised`, e.trippedAtMs, e.nadir.spo2))
      else if (e.type === 'cleared' && e.reason !== 'end-of-data')
        out.push(fingerprint(p.key, `${rule}/cleared:${e.reason}`, e.clearedAtMs, e.nadir.spo2))
    }
  }
  return out.sort()
}

export function fingerprint(
  patientKey: string,
  ruleText: string,
  atMs: number,
  nadir: number | null,
): AlertFingerprint {
  return `${patientKey}|${ruleText}|${new Date(atMs).toISOString()}|${nadir ?? 'none'}`
}

/** The fingerprint of a stored alert Observation (identifier `rule:start:patient`, `issued`, value). */
export function storedFingerprint(obs: {
  identifier?: readonly { system?: string; value?: string }[]
  issued?: string
  valueQuantity?: { value?: number }
  subject?: { reference?: string }
}): AlertFingerprint | undefined {
  const id = obs.identifier?.find((i) => i.system === 'urn:openward:alert')?.value
  if (id === undefined || obs.issued === undefined) return undefined
  const [rule] = id.split(':')
  const patient = (obs.subject?.reference ?? '').replace(/^Patient\//, '')
  return `${patient}|${decodeURIComponent(rule ?? '')}|${new Date(obs.issued).toISOString()}|${obs.valueQuantity?.value ?? 'none'}`
}

/**
 * Every alert Observation in the FHIR server, as fingerprints (duplicates kept, to be counted).
 * Pages through `@openward/fhir`'s pager, so a `next` link or redirect to another origin is refused
 * (`UnsafeLink`, thrown) rather than followed: a server must not steer this read to a foreign host.
 */
export async function storedAlerts(fhirBaseUrl: string): Promise<AlertFingerprint[]> {
  const out: AlertFingerprint[] = []
  const transport = createTransport({ baseUrl: fhirBaseUrl })
  for await (const bundle of searchPagesOrThrow(transport, 'Observation', [], { pageSize: 1000 })) {
    for (const e of bundle.entry ?? []) {
      const resource = e.resource as Parameters<typeof storedFingerprint>[0] | undefined
      const f = resource === undefined ? undefined : storedFingerprint(resource)
      if (f !== undefined) out.push(f)
    }
  }
  return out.sort()
}

/** Compares expected and stored fingerprints as multisets. */
export function compareAlerts(
  expected: readonly AlertFingerprint[],
  stored: readonly AlertFingerprint[],
): { missing: AlertFingerprint[]; duplicates: AlertFingerprint[]; unexpected: AlertFingerprint[] } {
  const count = new Map<string, number>()
  for (const s of stored) count.set(s, (count.get(s) ?? 0) + 1)
  const exp = new Set(expected)
  const missing = expected.filter((e) => !count.has(e))
  const duplicates = [...count].filter(([, n]) => n > 1).map(([k]) => k)
  const unexpected = [...count.keys()].filter((k) => !exp.has(k))
  return { missing, duplicates, unexpected }
}

/** How the simulation starts a service process (`worker` with its id, or `writer`) for a tenant. */
export type ServiceSpawner = (
  kind: 'worker' | 'writer',
  id: string,
  tenant: string,
) => { command: string; args: string[] }

/** Options of {@link runSimulation}. */
export interface RunSimulationOptions {
  /** NATS URLs (a cluster's nodes). */
  readonly servers: readonly string[]
  readonly fhirBaseUrl: string
  readonly tenant: string
  readonly patients: readonly SimPatient[]
  readonly workers: number
  /** SIGKILL a worker this many times while publishing (a supervisor restarts it after `restartDelayMs`). */
  readonly killWorker?: number
  /** Publishing is paced to last about this long (default 10 s). */
  readonly durationS?: number
  readonly spawnService: ServiceSpawner
  readonly ward?: EnsureWardOptions
  /** Restart a killed process after this long (default 500 ms; a real supervisor such as systemd). */
  readonly restartDelayMs?: number
  /** Give up waiting for the output to drain after this long (default 120 000 ms). */
  readonly drainTimeoutMs?: number
  /** Runs beside the publisher: inject faults through `ctx` (tests). */
  readonly during?: (ctx: SimulationControl) => Promise<void>
  readonly logger?: WardLogger
}

/** What a fault script can do while the simulation runs. */
export interface SimulationControl {
  /** Fraction of the publishing done, 0-1. */
  progress(): number
  /** Resolves once `progress()` reaches `fraction`. */
  until(fraction: number): Promise<void>
  /** SIGKILLs worker `index` (of those running); the supervisor restarts it (new process, new id). */
  killWorker(index?: number): Promise<void>
  /** SIGTERMs worker `index` (graceful drain) and does not restart it. */
  stopWorker(index?: number): Promise<void>
  addWorker(): void
  /** Ids of the worker processes running now, in index order. */
  workers(): string[]
  /** SIGSTOPs worker `index` for `ms` then SIGCONTs it (a long GC pause, a frozen VM); returns its id. */
  pauseWorker(index: number, ms: number): Promise<string | undefined>
  killWriter(): Promise<void>
  /** Re-sends one already published batch (a client retry); returns whether JetStream dropped it. */
  republishBatch(): Promise<boolean>
  /** Publishes raw bytes on a patient's samples subject (malformed input tests). */
  publishRaw(patientKey: string, data: string): Promise<void>
  readonly nc: NatsConnection
  /** Parsed JSON log lines of all service processes so far. */
  logs(): readonly Record<string, unknown>[]
}

/** The outcome: the `openward ward simulate --json` object. */
export interface SimulationResult {
  readonly patients: number
  readonly samples: number
  readonly batches: number
  readonly alertsExpected: number
  readonly alertsStored: number
  readonly missing: number
  readonly duplicates: number
  readonly unexpected: number
  readonly workerKills: number
  readonly writerKills: number
  readonly republishedDropped: number
  /** Batches the publisher had to send again (no ack: server restart, election). */
  readonly publishRetries: number
  readonly deadLetters: number
  readonly p50LatencyMs: number | null
  readonly p99LatencyMs: number | null
  readonly publishMs: number
  readonly drainMs: number
  readonly drained: boolean
  /** First few missing / duplicated / unexpected fingerprints, to debug a failure. */
  readonly examples: { missing: string[]; duplicates: string[]; unexpected: string[] }
}

function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}

interface Proc {
  readonly id: string
  readonly child: ChildProcess
  exited: Promise<void>
  /** Killed or stopped on purpose (not restarted by the exit watcher). */
  deliberate: boolean
}

/**
 * Runs a whole ward locally against running NATS and FHIR servers: sets up the ward, starts the
 * writer and `workers` worker processes, publishes the patients' samples paced over `durationS`
 * (5 s batches, one per patient per round), applies the fault script, waits until every partition
 * has checkpointed past the last sample and the writer has nothing pending, then compares the alerts
 * stored in FHIR with the single-process reference.
 */
export async function runSimulation(options: RunSimulationOptions): Promise<SimulationResult> {
  const names = wardNames(options.tenant)
  if (E.isLeft(names)) throw new Error(names.left.message)
  const n = names.right
  const nc = await connect({ servers: [...options.servers], maxReconnectAttempts: -1, reconnectTimeWait: 250 })
  const procs: Proc[] = []
  // Every process ever started, so that cleanup reaches one being drained or left behind by a failure.
  const launched: Proc[] = []
  let writer: Proc | undefined
  const logs: Record<string, unknown>[] = []
  let workerSeq = 0
  let workerKills = 0
  let writerKills = 0
  let closing = false
  const restartDelayMs = options.restartDelayMs ?? 500
  try {
    const ward = await ensureWard(nc, await jetstreamManager(nc), options.tenant, options.ward)()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    const partitions = ward.right.config.partitions
    for (const p of options.patients) {
      if (p.bands === null) continue
      const r = await setPatientThresholds(nc, options.tenant, p.key, p.bands)()
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    const expected = await expectedAlerts(options.patients)

    const launch = (kind: 'worker' | 'writer', id: string): Proc => {
      const { command, args } = options.spawnService(kind, id, options.tenant)
      const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
      let buf = ''
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', (d: string) => {
        buf += d
        let i: number
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i)
          buf = buf.slice(i + 1)
          try {
            if (logs.length < 200_000) logs.push(JSON.parse(line) as Record<string, unknown>)
          } catch {
            if (logs.length < 200_000) logs.push({ level: 'error', event: 'unparsed-output', kind, id, line })
          }
        }
      })
      // 'close', not 'exit': the end of its log may still be in the pipe when 'exit' fires.
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
      const proc: Proc = { id, child, exited, deliberate: false }
      launched.push(proc)
      // A supervisor's job: a service that exits on its own (it gave up starting) is started again.
      void exited.then(() => {
        if (closing || proc.deliberate) return
        logs.push({ level: 'warn', event: 'service-exited', kind, id, code: child.exitCode })
        setTimeout(() => {
          if (closing) return
          if (kind === 'writer') {
            if (writer === proc) startWriterProc()
          } else {
            const i = procs.indexOf(proc)
            if (i >= 0) procs.splice(i, 1)
            newWorker()
          }
        }, restartDelayMs)
      })
      return proc
    }
    const newWorker = (): void => {
      procs.push(launch('worker', `w${workerSeq++}`))
    }
    const startWriterProc = (): void => {
      writer = launch('writer', 'writer')
    }
    startWriterProc()
    for (let i = 0; i < options.workers; i++) newWorker()

    // Latency: first sight of each output on the output subjects (core NATS sees stream publishes too).
    const latencies: number[] = []
    const seen = new Set<string>()
    const sub = nc.subscribe(n.outSubject('alert', '*'), {
      callback: (_err, m) => {
        try {
          const out = m.json<WardEventOutput>()
          if (seen.has(out.id)) return
          seen.add(out.id)
          latencies.push(Date.now() - out.sentAtMs)
        } catch {
          // not ours
        }
      },
    })

    const js = jetstream(nc)
    const batchSize = 5
    const rounds = Math.max(...options.patients.map((p) => Math.ceil(p.samples.length / batchSize)), 0)
    const delayMs = rounds === 0 ? 0 : ((options.durationS ?? 10) * 1000) / rounds
    let round = 0
    const waiters: { fraction: number; resolve: () => void }[] = []
    const progress = (): number => (rounds === 0 ? 1 : round / rounds)
    const wake = (): void => {
      for (const w of [...waiters]) {
        if (progress() < w.fraction) continue
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    }
    let batches = 0
    let republishedDropped = 0
    let publishRetries = 0
    let lastBatch: { key: string; samples: readonly OximetrySample[] } | undefined
    const target = { tenant: options.tenant, partitions }

    const kill = async (p: Proc): Promise<void> => {
      p.deliberate = true
      p.child.kill('SIGKILL')
      await p.exited
    }
    const control: SimulationControl = {
      nc,
      progress,
      until: (fraction) =>
        progress() >= fraction ? Promise.resolve() : new Promise((resolve) => waiters.push({ fraction, resolve })),
      killWorker: async (index = workerKills % Math.max(1, procs.length)) => {
        const p = procs[index]
        if (p === undefined) return
        procs.splice(index, 1)
        await kill(p)
        workerKills++
        setTimeout(() => {
          if (!closing) newWorker()
        }, restartDelayMs)
      },
      stopWorker: async (index = 0) => {
        const p = procs[index]
        if (p === undefined) return
        procs.splice(index, 1)
        p.deliberate = true
        p.child.kill('SIGTERM')
        // A worker drains in well under its own 20 s limit; one that does not is ended, as an
        // orchestrator would, and the simulation goes on (its partitions move as after a kill).
        const drained = await Promise.race([
          p.exited.then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), STOP_WORKER_MS).unref()),
        ])
        if (!drained) {
          logs.push({ level: 'warn', event: 'worker-stop-overran', id: p.id, afterMs: STOP_WORKER_MS })
          await kill(p)
        }
      },
      addWorker: newWorker,
      workers: () => procs.map((p) => p.id),
      pauseWorker: async (index, ms) => {
        const p = procs[index]
        if (p === undefined) return undefined
        p.child.kill('SIGSTOP')
        await new Promise((r) => setTimeout(r, ms))
        p.child.kill('SIGCONT')
        return p.id
      },
      killWriter: async () => {
        if (writer === undefined) return
        const w = writer
        writer = undefined
        await kill(w)
        writerKills++
        setTimeout(() => {
          if (!closing) startWriterProc()
        }, restartDelayMs)
      },
      republishBatch: async () => {
        if (lastBatch === undefined) return false
        const r = await publishSamples(js, target, lastBatch.key, 'ox', lastBatch.samples)()
        if (E.isLeft(r)) throw new Error(r.left.message)
        const dropped = r.right.duplicates === 1 && r.right.stored === 0
        if (dropped) republishedDropped++
        return dropped
      },
      publishRaw: async (patientKey, data) => {
        await js.publish(
          n.samplesSubject(partitionOfKey(patientKey, partitions), patientKey),
          new TextEncoder().encode(data),
        )
      },
      logs: () => logs,
    }

    const kills = options.killWorker ?? 0
    const killScript = async (): Promise<void> => {
      for (let k = 0; k < kills; k++) {
        await control.until((k + 1) / (kills + 1))
        await control.killWorker()
      }
    }
    const t0 = Date.now()
    const publisher = (async () => {
      for (round = 0; round < rounds;) {
        const started = Date.now()
        const sends: Promise<void>[] = []
        for (const p of options.patients) {
          const chunk = p.samples.slice(round * batchSize, (round + 1) * batchSize)
          if (chunk.length === 0) continue
          lastBatch = { key: p.key, samples: chunk }
          batches++
          sends.push(
            (async () => {
              // A client retry: the same batch has the same message id, so a retry after a lost ack
              // (a cluster node restarting, a leader election) is dropped by the duplicate window.
              for (let attempt = 1; ; attempt++) {
                const r = await publishSamples(js, target, p.key, 'ox', chunk)()
                if (E.isRight(r)) return
                if (attempt >= 40) throw new Error(r.left.message)
                publishRetries++
                await new Promise((res) => setTimeout(res, 250))
              }
            })(),
          )
        }
        await Promise.all(sends)
        round++
        wake()
        const wait = delayMs - (Date.now() - started)
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      }
      wake()
    })()
    const script = options.during === undefined ? Promise.resolve() : options.during(control)
    await Promise.all([publisher, killScript(), script])
    const publishMs = Date.now() - t0

    // Drained: every partition's checkpoint covers all its samples, and the writer has nothing pending.
    // A failed look (a cluster node just restarted, its leader election still running) is "not yet".
    const drainStart = Date.now()
    const deadline = drainStart + (options.drainTimeoutMs ?? 120_000)
    let drained = false
    let jsm: JetStreamManager | undefined
    let checkpoints: KV | undefined
    while (Date.now() < deadline) {
      try {
        jsm ??= await jetstreamManager(nc)
        checkpoints ??= await new Kvm(nc).open(n.checkpointsBucket)
        let floorsOk = true
        for (let p = 0; p < partitions && floorsOk; p++) {
          const f = await checkpoints.get(`floor.${p}`)
          const seq = f !== null && f.operation === 'PUT' ? f.json<{ seq: number }>().seq : 0
          floorsOk = (await partitionPending(jsm, n, p, seq)) === 0
        }
        if (floorsOk) {
          const ci = await jsm.consumers.info(n.outStream, n.writerConsumer)
          if (ci.num_pending === 0 && ci.num_ack_pending === 0) {
            drained = true
            break
          }
        }
      } catch {
        // not answerable yet (writer consumer not created, a request timed out): look again
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    const drainMs = Date.now() - drainStart
    sub.unsubscribe()
    const stored = await storedAlerts(options.fhirBaseUrl)
    const cmp = compareAlerts(expected, stored)
    let deadLetters = 0
    try {
      deadLetters = (await (jsm ?? (await jetstreamManager(nc))).streams.info(n.deadStream)).state.messages
    } catch {
      deadLetters = 0
    }
    return {
      patients: options.patients.length,
      samples: options.patients.reduce((s, p) => s + p.samples.length, 0),
      batches,
      alertsExpected: expected.length,
      alertsStored: stored.length,
      missing: cmp.missing.length,
      duplicates: cmp.duplicates.length,
      unexpected: cmp.unexpected.length,
      workerKills,
      writerKills,
      republishedDropped,
      publishRetries,
      deadLetters,
      p50LatencyMs: percentile(latencies, 0.5),
      p99LatencyMs: percentile(latencies, 0.99),
      publishMs,
      drainMs,
      drained,
      examples: {
        missing: cmp.missing.slice(0, 5),
        duplicates: cmp.duplicates.slice(0, 5),
        unexpected: cmp.unexpected.slice(0, 5),
      },
    }
  } finally {
    closing = true
    const all = launched.filter((p) => p.child.exitCode === null && p.child.signalCode === null)
    for (const p of all) p.child.kill('SIGTERM')
    await Promise.race([Promise.all(all.map((p) => p.exited)), new Promise((r) => setTimeout(r, 10_000))])
    for (const p of all) if (p.child.exitCode === null) p.child.kill('SIGKILL')
    await nc.close()
  }
}
