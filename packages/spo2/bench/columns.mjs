/**
 * Columnar batch summary (issue 19.2): the pobm-compatible summary of the real overnight record
 * (27 811 s at 1 Hz) from typed columns (`summarizeColumns`) against the object-array path
 * (`analyzeRecording` on `OximetrySample[]`) on the same record, interleaved in one process; CPU time,
 * medians of per-pair ratios. Run: `npm run bench:columns -w packages/spo2` (plain `node`, built package).
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

import { makeSample, toSampleColumns } from '@openward/core'
import { analyzeRecording, summarizeColumns } from '@openward/spo2'

// The reference: the Python toolbox's full pipeline is 124 × our 1.8 ms object path on this
// record (same process conditions), i.e. about 223 ms. It is not installed here, so it is quoted, not re-measured.
const PYTHON_REFERENCE_MS = 124 * 1.8

const path = fileURLToPath(new URL('../../../../shared/data/spo2/physiozoo_304_overnight_1hz.csv', import.meta.url))
const values = readFileSync(path, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => Number(l.split(',')[1]))
const samples = values.map((v, i) =>
  makeSample({ timeMs: i * 1000, clock: 'recording', spo2: v, pulseRate: null, provenance: { protocol: 'csv' } }),
)
const columns = toSampleColumns(samples)
const n = samples.length

const cpuMs = (f) => {
  const t = process.cpuUsage()
  f()
  const c = process.cpuUsage(t)
  return (c.user + c.system) / 1000
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
let sink = 0
const objectPath = () => (sink += analyzeRecording(samples, { profile: 'pobm' }).events3.length)
const columnar = () => (sink += summarizeColumns(columns, { profile: 'pobm' }).events3.length)
const plainLoop = () => {
  let s = 0
  for (let i = 0; i < n; i++) s += columns.spo2[i]
  sink += s
}

console.log(`@openward/spo2 columnar benchmark — node ${process.version}, ${new Date().toISOString()}`)
console.log(
  `${cpus().length} CPUs, load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
)
for (let i = 0; i < 100; i++) {
  objectPath()
  columnar()
  plainLoop()
}
// cpuUsage has microsecond resolution: time batches of 20 runs.
const batch = (f) =>
  cpuMs(() => {
    for (let i = 0; i < 20; i++) f()
  }) / 20
const obj = []
const col = []
const loop = []
const ratios = []
for (let r = 0; r < 41; r++) {
  const o = batch(objectPath)
  const c = batch(columnar)
  loop.push(batch(plainLoop))
  obj.push(o)
  col.push(c)
  ratios.push(o / c)
}
const c = median(col)
console.log(
  `overnight record, ${n} samples, pobm-compatible summary (prep + ODI3 + ODI4 + CT + stats), median CPU time per run:`,
)
console.log(`plain loop over the SpO2 column (baseline)  ${median(loop).toFixed(4)} ms`)
console.log(
  `analyzeRecording(OximetrySample[])          ${median(obj).toFixed(3)} ms = ${((1e6 * median(obj)) / n).toFixed(1)} ns/sample`,
)
console.log(`summarizeColumns(SampleColumns)             ${c.toFixed(3)} ms = ${((1e6 * c) / n).toFixed(1)} ns/sample`)
console.log(`object path / columnar, median of ${ratios.length} interleaved pairs: ${median(ratios).toFixed(2)}x`)
console.log(
  `columnar vs the quoted Python reference (${PYTHON_REFERENCE_MS.toFixed(0)} ms): ${(PYTHON_REFERENCE_MS / c).toFixed(0)}x faster (goal ≥ 300x)`,
)
console.log(
  `columns: ${(columns.timeMs.byteLength + columns.spo2.byteLength + columns.pulseRate.byteLength + columns.flags.byteLength) / n} bytes per sample`,
)
console.log(
  `load average at end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (sink ${sink > 0 ? 'ok' : '?'})`,
)
