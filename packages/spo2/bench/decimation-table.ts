/**
 * Prints the README's sampling-interval table: the real 1 Hz overnight record, decimated to what a
 * 2 s / 4 s / 8 s device stores (every k-th sample), through `analyzeRecording` in both profiles,
 * and the real O2Ring and Checkme nights. Run: `npm run bench:interval -w packages/spo2`.
 */
import { makeSample, type OximetrySample } from '@openward/core'

import { analyzeRecording, type DesaturationProfile, type OximetrySummary } from '../src/index.js'
import { readViatomCsv } from '../test/captures.js'
import { OVERNIGHT, readSpo2Column } from '../test/data.js'

const oneHz = readSpo2Column(OVERNIGHT).map((v, i) =>
  makeSample({ timeMs: i * 1000, clock: 'recording', spo2: v, pulseRate: null, provenance: { protocol: 'csv' } }),
)
const f = (x: number | null, d = 1) => (x === null ? 'null' : x.toFixed(d))
const pct = (x: number | null, ref: number | null) =>
  x === null || ref === null || ref === 0 ? '' : ` (${x >= ref ? '+' : ''}${((100 * (x - ref)) / ref).toFixed(1)} %)`

function row(label: string, s: OximetrySummary, ref?: OximetrySummary): string {
  return `| ${label} | ${s.profile} | ${f(s.samplingIntervalMs, 0)} | ${f(s.odi3)}${pct(s.odi3, ref?.odi3 ?? null)} | ${f(s.odi4)}${pct(s.odi4, ref?.odi4 ?? null)} | ${f(s.ct90)}${pct(s.ct90, ref?.ct90 ?? null)} | ${f(s.t90Minutes)} | ${f(s.nadir, 0)} | ${f(s.mean)} | ${f(100 * s.dataQuality.coverage)} % | ${s.insufficient?.reason ?? '—'} |`
}

console.log(
  '| recording | profile | interval ms | ODI3 /h | ODI4 /h | CT90 % | T90 min | nadir | mean | coverage | null figures |',
)
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const profile of ['clinical', 'pobm'] as DesaturationProfile[]) {
  const ref = analyzeRecording(oneHz, { profile })
  for (const k of [1, 2, 4, 8]) {
    const samples: OximetrySample[] = oneHz.filter((_, i) => i % k === 0)
    console.log(row(`overnight, every ${k} s`, analyzeRecording(samples, { profile }), k === 1 ? undefined : ref))
  }
}
for (const [label, file] of [
  ['O2Ring night', 'viatom-o2/o2ring_tolnaiz_20250306222056_export.csv'],
  ['Checkme O2 Max night', 'checkme-o2-max-csv/checkme-o2-max_airwaylab_20260309.csv'],
] as const) {
  for (const profile of ['clinical', 'pobm'] as DesaturationProfile[])
    console.log(row(label, analyzeRecording(readViatomCsv(file), { profile })))
}
