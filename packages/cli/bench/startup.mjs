// Start-up of the built CLI against plain `node -e 0`, interleaved: each round runs the baseline and
// every candidate once, in turn, and the figure is the median of the per-round ratios (so load that
// changes during the run hits both sides of a ratio alike). Plain node, no tsx: run
// `npm run build -w packages/cli` (and the packages it imports) first.
//
//   node packages/cli/bench/startup.mjs [rounds]
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const rounds = Number(process.argv[2] ?? 30)
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const hour = fileURLToPath(new URL('../../../../shared/data/spo2/physiozoo_example_spo2_1h_1hz.csv', import.meta.url))
if (!existsSync(bin)) throw new Error(`build first: npm run build -w packages/cli (${bin} missing)`)

const cases = {
  baseline: ['-e', '0'],
  help: [bin, '--help'],
  analyze1h: [bin, 'analyze', hour, '--start', '2026-01-01T22:00:00Z'],
}
/** Wall time of one run, in ms; the run must succeed. */
function time(args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return ms
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

for (const args of Object.values(cases)) time(args) // warm the file cache
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
const ratios = { help: [], analyze1h: [] }
const loadBefore = loadavg()
for (let i = 0; i < rounds; i++) {
  // Alternate the order each round so neither side always runs first.
  const order = i % 2 === 0 ? Object.keys(cases) : Object.keys(cases).reverse()
  const round = {}
  for (const k of order) round[k] = time(cases[k])
  for (const k of Object.keys(cases)) samples[k].push(round[k])
  for (const k of Object.keys(ratios)) ratios[k].push(round[k] / round.baseline)
}
const loadAfter = loadavg()
const fmt = (n) => n.toFixed(2)
console.log(
  `rounds ${rounds}; load average ${loadBefore.map(fmt).join(' ')} → ${loadAfter.map(fmt).join(' ')} (1/5/15 min)`,
)
console.log(`node -e 0            median ${median(samples.baseline).toFixed(1)} ms`)
console.log(
  `openward --help      median ${median(samples.help).toFixed(1)} ms   ratio ${fmt(median(ratios.help))}× (goal ≤ 2×)`,
)
console.log(
  `openward analyze 1 h median ${median(samples.analyze1h).toFixed(1)} ms   ratio ${fmt(median(ratios.analyze1h))}× (goal ≤ 3×)`,
)
