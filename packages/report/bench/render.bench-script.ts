/**
 * What building and rendering the overnight report costs, against the analysis alone, measured in
 * the same run on the two real nights of the browser test:
 *
 * - `analyze` : `@openward/spo2`'s `analyzeRecording` of the night (the baseline: the figures)
 * - `report`  : `overnightReport` (the same analysis, plus the hourly summaries and pulse-rate figures)
 * - `render`  : `renderOvernightReportHtml` of that report (page, static SVG, inline uPlot and data)
 *
 * Run: `npm run bench -w packages/report`. Best of BENCH_RUNS (default 5).
 */
import { readFileSync } from 'node:fs'

import { makeSample, type OximetrySample } from '@openward/core'
import { importViatomO2File } from '@openward/oximeter'
import { analyzeRecording } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import { overnightReport, renderOvernightReportHtml } from '../src/index.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const shared = (p: string) => new URL(`../../../../shared/data/${p}`, import.meta.url)

const physiozoo: OximetrySample[] = readFileSync(shared('spo2/physiozoo_304_overnight_1hz.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [t, spo2] = line.split(',').map(Number)
    return makeSample({
      timeMs: t! * 1000,
      clock: 'recording',
      spo2: spo2! > 0 ? spo2! : null,
      pulseRate: null,
      provenance: { protocol: 'csv' },
    })
  })
const o2ring = importViatomO2File(
  new Uint8Array(readFileSync(shared('captures/viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin'))),
)
if (E.isLeft(o2ring)) throw new Error(o2ring.left.message)

function best(fn: () => unknown): number {
  let min = Number.POSITIVE_INFINITY
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    fn()
    min = Math.min(min, performance.now() - t)
  }
  return min
}

for (const [name, samples] of [
  ['PhysioZoo 304, 7.7 h at 1 s', physiozoo],
  ['O2Ring, 8.7 h at 4 s', o2ring.right.samples],
] as const) {
  const analyze = best(() => analyzeRecording(samples))
  let html = ''
  const report = best(() => overnightReport({ samples }))
  const built = overnightReport({ samples })
  if (E.isLeft(built)) throw new Error(built.left.message)
  const render = best(() => {
    html = renderOvernightReportHtml(built.right)
  })
  console.log(
    `${name}: ${samples.length} samples; analyze ${analyze.toFixed(1)} ms; report ${report.toFixed(1)} ms ` +
      `(${(report / analyze).toFixed(2)}× analyze); render ${render.toFixed(1)} ms ` +
      `(${(render / analyze).toFixed(2)}× analyze); page ${(html.length / 1024).toFixed(0)} KiB`,
  )
}
