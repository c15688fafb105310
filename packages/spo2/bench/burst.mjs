/**
 * The burst case (issue 19.4): N patients whose samples of one second all arrive at once (a gateway
 * flushing), through `perPatientDetector` (one plain state machine per patient, no subscription or timer
 * per sample), against the same detector run through `perPatient` (a Subject and an RxJS pipeline per
 * patient) in the same run. Latency of each alert (escalation or sustained-low raise):
 * - steady state: from the delivery of the sample that tripped it (what a spread-out second costs);
 * - burst: from the start of the burst (the patient's place in the queue included), as wall time and as
 *   CPU time of this process (what an idle core would show: the shared machine's load inflates wall time).
 * Paths are interleaved in rounds; the figures compared are medians of per-round ratios against
 * `perPatient` with a `mergeMap` pipeline (the composition users wrote before `perPatientDetector`). A fourth path
 * routes the same input to a state machine that does nothing: the floor the input and routing cost.
 * Run: `npm run bench:burst -w packages/spo2` (builds, then runs under plain `node` on the built package:
 * `tsx` wraps every function with a name helper, which here triples the memory per patient and the time).
 */
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'

import { makeSample } from '@openward/core'
import { createPatientDetector, perPatient, perPatientDetector } from '@openward/spo2'
import { defer, mergeMap, Observable, Subject } from 'rxjs'

const gc = globalThis.gc ?? (() => undefined)

/** SpO2 of patient `id` at second `t`: 10 % of patients fall to 88 % for 60 s every 10 min. */
function spo2Of(id, t) {
  const phase = (t + id * 7) % 600
  return id % 10 === 0 && phase >= 300 && phase < 360 ? 88 : 96 + ((id + t) % 3)
}

const isAlert = (e) =>
  (e.source === 'threshold-alerts' && e.event.type === 'escalated') ||
  (e.source === 'sustained-below' && e.event.type === 'raised')

const pct = (xs, q) => {
  xs.sort((a, b) => a - b)
  return xs.length === 0 ? Number.NaN : xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]
}

/** One measured run of `path` ('perPatientDetector' or 'perPatient'). */
function run(path, patients, warmup, seconds) {
  const input = new Subject()
  const burst = []
  const burstCpu = []
  const own = []
  let burstStart = 0
  let burstCpuStart = process.cpuUsage()
  let cpuInBursts = 0
  let sampleStart = 0
  const keyOf = (s) => s.provenance.device?.id ?? ''
  const onEvent = (e) => {
    if (!isAlert(e.event)) return
    const now = performance.now()
    burst.push(now - burstStart)
    own.push(now - sampleStart)
    const cpu = process.cpuUsage(burstCpuStart)
    burstCpu.push((cpu.user + cpu.system) / 1000)
  }
  // The same detector through perPatient without an inner subscription per sample (mergeMap subscribes to
  // each sample's array of events): what perPatient itself costs, apart from the pipeline's own work.
  // Every path builds the detector with the patient's key and passes the arrival time, as perPatientDetector does.
  const flat = (s$, key) =>
    new Observable((out) => {
      const d = createPatientDetector({ patientKey: key })
      return s$.subscribe({
        next: (s) => {
          for (const e of d.push(s, Date.now())) out.next(e)
        },
        error: (err) => out.error(err),
        complete: () => out.complete(),
      })
    })
  // The floor: the same input, keys and routing with a state machine that does nothing (no alerts, so its
  // figure is the CPU per burst): what any per-patient detector costs before its rules run.
  const none = []
  const noop = { push: () => none, tick: () => none, finish: () => none }
  const sub =
    path === 'perPatientDetector'
      ? input.pipe(perPatientDetector(keyOf, (key) => createPatientDetector({ patientKey: key }))).subscribe(onEvent)
      : path === FLOOR
        ? input.pipe(perPatientDetector(keyOf, () => noop)).subscribe(onEvent)
        : path === 'perPatient, no subscription per sample'
          ? input.pipe(perPatient(keyOf, flat)).subscribe((e) => onEvent({ event: e.event }))
          : input
              .pipe(
                perPatient(keyOf, (s$, key) =>
                  defer(() => {
                    const d = createPatientDetector({ patientKey: key })
                    return s$.pipe(mergeMap((s) => d.push(s, Date.now())))
                  }),
                ),
              )
              .subscribe((e) => onEvent({ event: e.event }))
  const provenances = Array.from({ length: patients }, (_, id) => ({ protocol: 'sim', device: { id: `dev-${id}` } }))
  for (let t = 0; t < warmup + seconds; t++) {
    // The second's samples exist before the burst starts: they arrive decoded, all at once.
    const second = provenances.map((provenance, id) =>
      makeSample({ timeMs: t * 1000, clock: 'host', spo2: spo2Of(id, t), pulseRate: 70, provenance }),
    )
    if (t === warmup) {
      gc()
      burst.length = own.length = burstCpu.length = 0
      cpuInBursts = 0
    }
    burstCpuStart = process.cpuUsage()
    burstStart = performance.now()
    for (const s of second) {
      sampleStart = performance.now()
      input.next(s)
    }
    const cpu = process.cpuUsage(burstCpuStart)
    cpuInBursts += (cpu.user + cpu.system) / 1000
  }
  sub.unsubscribe()
  return {
    burstP50: pct(burst, 0.5),
    burstP99: pct(burst, 0.99),
    burstCpuP99: pct(burstCpu, 0.99),
    steadyP99: pct(own, 0.99),
    cpuPerSecondMs: cpuInBursts / seconds,
    alerts: burst.length,
  }
}

const median = (xs) => {
  const ys = [...xs].sort((a, b) => a - b)
  return ys.length % 2 === 1 ? ys[(ys.length - 1) / 2] : (ys[ys.length / 2 - 1] + ys[ys.length / 2]) / 2
}
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
console.log(`@openward/spo2 burst benchmark — node ${process.version}, ${new Date().toISOString()}`)
console.log(`${cpus().length} CPUs, load average at start ${load()}`)
const FLOOR = 'floor: input + routing, no-op state machine'
const PATHS = ['perPatientDetector', 'perPatient', 'perPatient, no subscription per sample', FLOOR]
for (const patients of [10_000, 50_000]) {
  // Alerts need 15 s below (sustained low) or in a worse band (escalation): measure past t = 15 s.
  const [warmup, seconds, rounds] = patients > 10_000 ? [10, 15, 3] : [10, 20, 5]
  console.log(
    `\n## ${patients} patients at 1 Hz, all samples of each second at once (${seconds} s measured after ${warmup} s), ${rounds} interleaved rounds, load ${load()}`,
  )
  // Each round runs the three paths back to back (order reversed every other round); ratios are taken
  // within a round (same time window, same load) and the median of the per-round ratios is reported.
  const results = Object.fromEntries(PATHS.map((p) => [p, []]))
  for (let round = 0; round < rounds; round++) {
    for (const path of round % 2 === 0 ? PATHS : [...PATHS].reverse())
      results[path].push(run(path, patients, warmup, seconds))
  }
  for (const path of PATHS.slice(0, 3)) {
    const rs = results[path]
    console.log(
      `${path.padEnd(40)} burst p99 CPU ${range(rs.map((r) => r.burstCpuP99))} ms (median ${median(rs.map((r) => r.burstCpuP99)).toFixed(2)}), wall ${range(rs.map((r) => r.burstP99))} ms (median ${median(rs.map((r) => r.burstP99)).toFixed(2)}); CPU per burst median ${median(rs.map((r) => r.cpuPerSecondMs)).toFixed(1)} ms; steady-state wall p99 median ${median(rs.map((r) => r.steadyP99)).toFixed(4)} ms; alerts ${rs[0].alerts}`,
    )
  }
  const floor = median(results[FLOOR].map((r) => r.cpuPerSecondMs))
  const mine = median(results.perPatientDetector.map((r) => r.cpuPerSecondMs))
  console.log(
    `${FLOOR.padEnd(40)} CPU per burst median ${floor.toFixed(1)} ms: ${((100 * floor) / mine).toFixed(0)} % of perPatientDetector's ${mine.toFixed(1)} ms`,
  )
  const p99 = median(results.perPatientDetector.map((r) => r.burstP99))
  console.log(`goal burst p99 < 50 ms (wall, median of rounds): ${p99 < 50 ? 'met' : 'NOT met'} (${p99.toFixed(1)} ms)`)
  const base = results.perPatient
  for (const path of [PATHS[0], PATHS[2]]) {
    const rs = results[path]
    const cpu = rs.map((r, i) => r.burstCpuP99 / base[i].burstCpuP99)
    const wall = rs.map((r, i) => r.burstP99 / base[i].burstP99)
    console.log(
      `${path} / perPatient (mergeMap), per-round ratios: burst p99 CPU median ${median(cpu).toFixed(2)}x (${range(cpu)}), wall median ${median(wall).toFixed(2)}x (${range(wall)})`,
    )
  }
  console.log(`load average after ${patients}: ${load()}`)
}
console.log(`load average at end ${load()}`)
