// `npm start -w examples/research-replay [-- <study.csv>]`
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

import { runResearchReplay } from './run-research-replay.js'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const csvPath = process.argv[2] ?? here('../../demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv')
const result = await runResearchReplay({ csvPath, outDir: here('../../../out/research-replay') })

const rel = (p: string) => relative(process.cwd(), p)
const { clinical, pobm, alerts } = result.analysis
const f = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1))
console.log(`${result.samples.length} samples replayed from ${rel(result.files.recording)}`)
console.log(`            ODI3   ODI4   CT90   nadir`)
for (const [name, s] of [
  ['clinical', clinical],
  ['pobm', pobm],
] as const)
  console.log(
    `${name.padEnd(10)} ${f(s.odi3).padStart(6)} ${f(s.odi4).padStart(6)} ${f(s.ct90).padStart(6)} ${f(s.nadir).padStart(6)}`,
  )
console.log(`${alerts.length} sustained-low alert(s) (SpO2 ≤ 92 % for 15 s)`)
for (const file of Object.values(result.files)) console.log(`wrote ${rel(file)}`)
