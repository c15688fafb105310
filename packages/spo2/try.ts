import { readFileSync, readdirSync } from 'node:fs'
import { summarizeSpo2 } from './src/oximetry-summary.js'
for (const f of readdirSync('/work/shared/data/spo2').filter((f) => f.endsWith('.csv'))) {
  const lines = readFileSync(`/work/shared/data/spo2/${f}`, 'utf8').trim().split('\n').slice(1)
  const v = lines.map((l) => Number(l.split(',')[1]))
  for (const profile of ['pobm', 'clinical'] as const) {
    const t0 = performance.now()
    const s = summarizeSpo2(v, { profile })
    const dt = performance.now() - t0
    console.log(
      f.slice(0, 30),
      profile,
      s.samples,
      'odi3',
      s.odi3.toFixed(2),
      'odi4',
      s.odi4.toFixed(2),
      'n3',
      s.events3.length,
      'ct90',
      s.ct90.toFixed(2),
      'ct88',
      s.ct88.toFixed(2),
      'nadir',
      s.nadir,
      'mean',
      s.mean?.toFixed(3),
      'cov',
      s.dataQuality.coverage.toFixed(3),
      dt.toFixed(1) + 'ms',
    )
  }
}
