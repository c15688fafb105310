// Load curve of the ward engine on this machine: `npm run bench -w packages/ward-stream`.
// Everything local: nats-server (file storage), 2 worker processes, this process as the load
// generator. Patients publish 1 Hz samples in 5 s batches (staggered over the 5 s), replayed from the
// real recordings. Per level: publish for WINDOW_S, then stop and time the catch-up; p99 publish →
// output; CPU of workers and nats-server from /proc; the same patients' samples through `perPatient`
// in this process as the baseline of the overhead ratio; at the first level, recovery after SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

import { jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { headers } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import type { OximetrySample } from '@openward/core'
import { perPatient, qualityGate, sustainedBelow, thresholdAlerts } from '@openward/spo2'
import { map, merge, Subject } from 'rxjs'

import { ensureWard } from '../src/node/ensure-ward.js'
import { startNatsServer } from '../src/node/nats-server.js'
import { DEFAULT_RECORDINGS, loadRecordings } from '../src/node/simulation.js'
import { partitionPending } from '../src/node/ward-status.js'
import { partitionOf } from '../src/partition.js'

const LEVELS = (process.env['WARD_BENCH_LEVELS'] ?? '5000,20000,50000').split(',').map(Number)
const WINDOW_S = Number(process.env['WARD_BENCH_WINDOW_S'] ?? 60)
const PARTITIONS = 16
/** A folder: workers run with `--cpu-prof` there and stop with SIGTERM (the profile is written on exit). */
const PROFILE_DIR = process.env['WARD_BENCH_PROFILE_DIR']
/** `0`: no SIGKILL recovery measurement at the first level (profiling runs). */
const RECOVERY = process.env['WARD_BENCH_RECOVERY'] !== '0'
/** Workers' `summarySpreadMs` (default: the worker default, 30 000 ms). */
const SUMMARY_SPREAD_MS = process.env['WARD_BENCH_SUMMARY_SPREAD_MS']
const serviceScript = fileURLToPath(new URL('../test/fixtures/service.ts', import.meta.url))
const spo2Dir = fileURLToPath(new URL('../../../../shared/data/spo2/', import.meta.url))
const TICK_HZ = 10 // the 5 s batch window is split in 50 slots: patient i publishes in slot i mod 50

function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100 // utime + stime, USER_HZ = 100
  } catch {
    return 0
  }
}

const pct = (xs: number[], q: number): number | null => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!
}

const recordings = await loadRecordings(spo2Dir, DEFAULT_RECORDINGS)
const values = recordings.map((r) => r.samples)

const rests = values.map((rec) => rec.map((s) => JSON.stringify(s).replace(/^\{"timeMs":[^,]+,/, '')))
/** A sample's JSON after its `timeMs` field (with the closing brace). */
function sampleRest(patient: number, tSec: number): string {
  const r = rests[patient % rests.length]!
  return r[(patient * 37 + tSec) % r.length]!
}

function sampleAt(patient: number, tSec: number): OximetrySample {
  const rec = values[patient % values.length]!
  const s = rec[(patient * 37 + tSec) % rec.length]!
  return { ...s, timeMs: tSec * 1000 }
}

/** In-process baseline: the same number of patient-seconds through perPatient (gate → bands + sustained low). */
function baselineCpuMs(patients: number, seconds: number): number {
  const src = new Subject<{ k: number; s: OximetrySample }>()
  let events = 0
  const sub = src
    .pipe(
      perPatient(
        (m) => m.k,
        (m$) => {
          const gated$ = m$.pipe(
            map((m) => m.s),
            qualityGate(),
            map((g) => (g.rejected !== null && g.sample.spo2 !== null ? { ...g.sample, spo2: null } : g.sample)),
          )
          return merge(gated$.pipe(thresholdAlerts()), gated$.pipe(sustainedBelow()))
        },
      ),
    )
    .subscribe(() => events++)
  const t0 = process.cpuUsage()
  const start = Math.floor(Date.now() / 1000)
  for (let t = 0; t < seconds; t++) for (let k = 0; k < patients; k++) src.next({ k, s: sampleAt(k, start + t) })
  const used = process.cpuUsage(t0)
  sub.unsubscribe()
  void events
  return (used.user + used.system) / 1000
}

interface Row {
  patients: number
  publishedPerS: number
  targetPerS: number
  p50Ms: number | null
  p99Ms: number | null
  /** p99 without the first 10 s, when every patient is new to its partition (thresholds read, detector built). */
  p99AfterWarmUpMs: number | null
  /** The same, alerts only (the issue's "publish to alert"). */
  p99AlertsAfterWarmUpMs: number | null
  /** p99 of publish → the worker's publish of the output (without the generator's receive delay). */
  p99WorkerMs: number | null
  catchUpMs: number
  sustained: boolean
  workerCpuPct: number
  /** This load generator's own CPU (it shares the machine with what it measures). */
  generatorCpuPct: number
  /** p99 publish → output seen, per 10 s of the window (where a backlog builds and drains). */
  p99Per10s: (number | null)[]
  natsCpuPct: number
  overheadRatio: number
  recoveryMs: number | null
  load1: number
  /** Output messages seen per kind (alert, score, summary, stale) during the level. */
  outputs: Record<string, number>
}

async function level(patients: number, measureRecovery: boolean): Promise<Row> {
  const nats = await startNatsServer()
  const tenant = `bench${patients}`
  const workers: ChildProcess[] = []
  const nc = await connect({ servers: nats.url })
  try {
    const ward = await ensureWard(nc, await jetstreamManager(nc), tenant, {
      partitions: PARTITIONS,
      leaseTtlMs: 10_000,
    })()
    if (ward._tag === 'Left') throw new Error(ward.left.message)
    const names = ward.right.names
    const launch = (id: string): ChildProcess => {
      // Same niceness as this generator and nats-server (the npm script runs all under `nice -n 10`):
      // a second `nice` put the workers at 19, starved behind everything else on a shared machine.
      const c = spawn(
        process.execPath,
        [
          ...(PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]),
          '--import',
          'tsx',
          '--conditions=@openward/source',
          serviceScript,
          'worker',
          JSON.stringify({
            servers: [nats.url],
            tenant,
            id,
            checkpointIntervalMs: 10_000,
            ...(SUMMARY_SPREAD_MS === undefined ? {} : { summarySpreadMs: Number(SUMMARY_SPREAD_MS) }),
          }),
        ],
        { stdio: ['ignore', 'ignore', 'ignore'] },
      )
      workers.push(c)
      return c
    }
    launch('w0')
    launch('w1')
    // Wait until every partition has an owner.
    const leases = await new Kvm(nc).open(names.leasesBucket)
    for (;;) {
      let owned = 0
      for await (const _k of await leases.keys()) owned++
      if (owned >= PARTITIONS) break
      await new Promise((r) => setTimeout(r, 200))
    }
    // `ms`: publish → seen here (includes this generator's own scheduling delay on a busy machine);
    // `workerMs`: publish → the worker published the output (the worker's clock, same machine).
    const latencies: { at: number; ms: number; workerMs: number; partition: number; alert: boolean }[] = []
    const outputs: Record<string, number> = {}
    const sub = nc.subscribe(`ward.${tenant}.out.>`, {
      callback: (_e, m) => {
        const o = m.json<{ sentAtMs: number; emittedAtMs: number; partition: number; kind: string }>()
        outputs[o.kind] = (outputs[o.kind] ?? 0) + 1
        // Staleness is emitted by the worker's clock tick, not by a published batch: no publish time.
        if (o.kind === 'stale' || !(o.sentAtMs > 0)) return
        const at = Date.now()
        latencies.push({
          at,
          ms: at - o.sentAtMs,
          workerMs: o.emittedAtMs - o.sentAtMs,
          partition: o.partition,
          alert: o.kind === 'alert',
        })
      },
    })
    const killedPartitions: number[] = []
    const subjects = Array.from({ length: patients }, (_, i) => {
      const key = `p${String(i).padStart(6, '0')}`
      return { key, subject: names.samplesSubject(partitionOf(key, PARTITIONS), key) }
    })
    // CPU per worker pid: read at start, and at the end (or just before a SIGKILL).
    const cpuStart = new Map(workers.map((w) => [w.pid, cpuMs(w.pid)]))
    const cpuEnd = new Map<number | undefined, number>()
    const cpu0 = { n: cpuMs(nats.pid), t: Date.now(), gen: process.cpuUsage() }
    // Per second: the whole machine's busy share (/proc/stat, all cores) and each part's CPU, to tell a
    // backlog of the ward from a machine taken by other work.
    const perSecond: {
      t: number
      machineBusyPct: number
      workersPct: number
      natsPct: number
      generatorPct: number
    }[] = []
    const machine = (): { busy: number; total: number } => {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
      const idle = f[3]! + (f[4] ?? 0)
      const total = f.reduce((a, b) => a + b, 0)
      return { busy: total - idle, total }
    }
    let last = {
      at: Date.now(),
      m: machine(),
      w: workers.reduce((s, w) => s + cpuMs(w.pid), 0),
      n: cpuMs(nats.pid),
      g: process.cpuUsage(),
    }
    const sampler = setInterval(() => {
      const now = {
        at: Date.now(),
        m: machine(),
        w: workers.reduce((s, w) => s + cpuMs(w.pid), 0),
        n: cpuMs(nats.pid),
        g: process.cpuUsage(),
      }
      const ms = now.at - last.at
      const g = process.cpuUsage(last.g)
      perSecond.push({
        t: Math.round((now.at - cpu0.t) / 1000),
        machineBusyPct: Math.round(((now.m.busy - last.m.busy) / Math.max(1, now.m.total - last.m.total)) * 100),
        workersPct: Math.round(((now.w - last.w) / ms) * 100),
        natsPct: Math.round(((now.n - last.n) / ms) * 100),
        generatorPct: Math.round(((g.user + g.system) / 1000 / ms) * 100),
      })
      last = now
    }, 1000)
    let published = 0
    let killAt: number | null = null
    const slots = 5 * TICK_HZ
    const stopAt = Date.now() + WINDOW_S * 1000
    // Ticks on an absolute schedule: a tick the event loop started late is still sent, and late ticks
    // are caught up, as 50,000 devices would keep sending whether this process was scheduled or not
    // (waiting a fixed time after each tick lost the late ones: 92-95 % of the rate at 50,000).
    const tickMs = 1000 / TICK_HZ
    const ticksFrom = Date.now()
    let tick = 0
    while (Date.now() < stopAt) {
      const due = Math.floor((Date.now() - ticksFrom) / tickMs) + 1
      for (; tick < due; tick++) {
        const slot = tick % slots
        const nowSec = Math.floor(Date.now() / 1000)
        for (let i = slot; i < patients; i += slots) {
          const { key, subject } = subjects[i]!
          // Pre-serialised samples and a core publish with the Nats-Msg-Id header: the generator must
          // cost as little as possible (it shares the machine with what it measures).
          const t = nowSec - 4
          let body = `{"v":1,"patientKey":"${key}","deviceKey":"ox","sentAtMs":${Date.now()},"samples":[`
          for (let d = 0; d < 5; d++) body += `${d === 0 ? '' : ','}{"timeMs":${(t + d) * 1000},${sampleRest(i, t + d)}`
          body += ']}'
          const h = headers()
          h.set('Nats-Msg-Id', `${key}:ox:${t * 1000}:${(t + 4) * 1000}:5`)
          nc.publish(subject, body, { headers: h })
          published++
        }
      }
      await nc.flush()
      if (measureRecovery && killAt === null && Date.now() > stopAt - (WINDOW_S * 1000) / 2) {
        for await (const k of await leases.keys()) {
          const e = await leases.get(k)
          if (e?.operation === 'PUT' && e.json<{ workerId: string }>().workerId === 'w0')
            killedPartitions.push(Number(k.slice(1)))
        }
        cpuEnd.set(workers[0]!.pid, cpuMs(workers[0]!.pid))
        workers[0]!.kill('SIGKILL')
        killAt = Date.now()
        launch('w0b')
      }
      const wait = ticksFrom + tick * tickMs - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    }
    clearInterval(sampler)
    const elapsedS = (Date.now() - cpu0.t) / 1000
    for (const w of workers) if (!cpuEnd.has(w.pid)) cpuEnd.set(w.pid, cpuMs(w.pid))
    const cpu1 = { n: cpuMs(nats.pid), gen: process.cpuUsage(cpu0.gen) }
    // Catch-up: how long until every partition's checkpoint covers everything published.
    const catchStart = Date.now()
    const jsm = await jetstreamManager(nc)
    const ckpt = await new Kvm(nc).open(names.checkpointsBucket)
    for (;;) {
      let pending = 0
      for (let p = 0; p < PARTITIONS; p++) {
        const f = await ckpt.get(`floor.${p}`)
        pending += await partitionPending(jsm, names, p, f === null ? 0 : f.json<{ seq: number }>().seq)
      }
      if (pending === 0 || Date.now() - catchStart > 120_000) break
      await new Promise((r) => setTimeout(r, 500))
    }
    const catchUpMs = Date.now() - catchStart // includes the 1 s idle wait before the last checkpoint
    sub.unsubscribe()
    const steady = latencies.filter((l) => killAt === null || l.at < killAt)
    // WARD_BENCH_DUMP=<file>: every latency (arrival time, ms, worker ms, partition) for a closer look.
    const dump = process.env['WARD_BENCH_DUMP']
    if (dump !== undefined) {
      writeFileSync(`${dump}.${patients}.json`, JSON.stringify(latencies))
      writeFileSync(`${dump}.${patients}.cpu.json`, JSON.stringify(perSecond))
    }
    const ms = steady.map((l) => l.ms)
    let recoveryMs: number | null = null
    if (killAt !== null) {
      // Recovered: every partition the killed worker held delivers outputs again with a latency
      // back within the pre-kill p99 (+ 1 s), i.e. its backlog is worked off.
      const normal = (pct(ms, 0.99) ?? 1000) + 1000
      const back = killedPartitions.map((p) => {
        const after = latencies.filter((l) => l.partition === p && l.at >= killAt!)
        let lastBad = -1
        after.forEach((l, i) => {
          if (l.ms > normal) lastBad = i
        })
        const ok = after[lastBad + 1]
        return ok === undefined ? null : ok.at - killAt!
      })
      recoveryMs = back.some((b) => b === null) || back.length === 0 ? null : Math.max(...(back as number[]))
    }
    const workerCpu = workers.reduce((s, w) => s + (cpuEnd.get(w.pid) ?? 0) - (cpuStart.get(w.pid) ?? 0), 0)
    const baseline = baselineCpuMs(patients, Math.min(WINDOW_S, 30)) * (WINDOW_S / Math.min(WINDOW_S, 30))
    return {
      patients,
      publishedPerS: Math.round(published / elapsedS),
      targetPerS: Math.round(patients / 5),
      p50Ms: pct(ms, 0.5),
      p99Ms: pct(ms, 0.99),
      p99AlertsAfterWarmUpMs: pct(
        steady.filter((l) => l.alert && l.at >= cpu0.t + 10_000).map((l) => l.ms),
        0.99,
      ),
      p99AfterWarmUpMs: pct(
        steady.filter((l) => l.at >= cpu0.t + 10_000).map((l) => l.ms),
        0.99,
      ),
      p99WorkerMs: pct(
        steady.map((l) => l.workerMs),
        0.99,
      ),
      catchUpMs: Math.max(0, catchUpMs),
      sustained: published / elapsedS >= 0.95 * (patients / 5) && catchUpMs < 10_000,
      workerCpuPct: Math.round((workerCpu / (elapsedS * 1000)) * 100),
      generatorCpuPct: Math.round(((cpu1.gen.user + cpu1.gen.system) / 1000 / (elapsedS * 1000)) * 100),
      p99Per10s: Array.from({ length: Math.ceil(elapsedS / 10) }, (_, i) =>
        pct(
          steady.filter((l) => l.at >= cpu0.t + i * 10_000 && l.at < cpu0.t + (i + 1) * 10_000).map((l) => l.ms),
          0.99,
        ),
      ),
      natsCpuPct: Math.round(((cpu1.n - cpu0.n) / (elapsedS * 1000)) * 100),
      overheadRatio: Math.round(((workerCpu + (cpu1.n - cpu0.n)) / baseline) * 10) / 10,
      recoveryMs,
      load1: Math.round(loadavg()[0]! * 100) / 100,
      outputs,
    }
  } finally {
    if (PROFILE_DIR !== undefined)
      await Promise.all(
        workers.map((w) =>
          w.exitCode !== null || w.signalCode !== null
            ? undefined
            : new Promise((r) => {
                w.once('exit', r)
                w.kill('SIGTERM')
              }),
        ),
      )
    for (const w of workers) w.kill('SIGKILL')
    await nc.close()
    await nats.stop()
  }
}

const rows: Row[] = []
for (const [i, n] of LEVELS.entries()) {
  const row = await level(n, i === 0 && RECOVERY)
  rows.push(row)
  process.stderr.write(`${JSON.stringify(row)}\n`)
}
process.stdout.write(
  [
    `| patients | batches/s sent (target) | p50 / p99 publish→output seen | p99 after the first 10 s (alerts only) | p99 publish→worker output | catch-up after stop | sustained | workers CPU | nats-server CPU | generator CPU | overhead vs perPatient | recovery after SIGKILL | load 1 min |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...rows.map(
      (r) =>
        `| ${r.patients} | ${r.publishedPerS} (${r.targetPerS}) | ${r.p50Ms} / ${r.p99Ms} ms | ${r.p99AfterWarmUpMs} ms (${r.p99AlertsAfterWarmUpMs} ms) | ${r.p99WorkerMs} ms | ${r.catchUpMs} ms | ${r.sustained ? 'yes' : 'no'} | ${r.workerCpuPct} % | ${r.natsCpuPct} % | ${r.generatorCpuPct} % | ${r.overheadRatio}× | ${r.recoveryMs === null ? '–' : `${r.recoveryMs} ms`} | ${r.load1} |`,
    ),
  ].join('\n') + '\n',
)
