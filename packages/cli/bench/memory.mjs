/**
 * Peak memory of a batch summary of a long 1 Hz CSV (issue 19.2): the columnar path
 * (`importOximetryCsvColumns` → `summarizeColumns`) against the object path (`importOximetryCsv` →
 * `analyzeRecording`), both profiles, on a 7-day and a 30-day file made from the real overnight record
 * (physiozoo 304, 27 811 s, repeated end to end with shifted times). Each run is its own process (plain
 * `node`, the child and the CLI bundled from source by esbuild as the CLI's build bundles them, no tsx) and reports `process.resourceUsage().maxRSS`;
 * rounds interleave the paths; medians. `openward analyze` itself is measured too when the CLI is
 * bundled (it is, from src/bin.ts). Baseline: `node -e 0` in the same rounds.
 * `openward analyze` keeps V8's young generation at its starting size itself (src/young-generation.ts); the child
 * does not, as a library user's process would not.
 *
 *   node packages/cli/bench/memory.mjs [rounds=3] [days=7,30]
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

import { deepImports } from '../build/deep-imports.mjs'

const rounds = Number(process.argv[2] ?? 3)
const dayList = (process.argv[3] ?? '7,30').split(',').map(Number)
const repo = fileURLToPath(new URL('../../../', import.meta.url))
const overnight = join(repo, '../shared/data/spo2/physiozoo_304_overnight_1hz.csv')

// Bundled into node_modules/.cache so that the packages left external resolve from the repo's node_modules.
const out = join(repo, 'node_modules/.cache/openward-bench-memory')
// Emptied first: chunk names change with every build, and old chunks would pile up.
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
// As the CLI's own build (README, "Start-up"): the Openward packages, rxjs, fp-ts and io-ts bundled and
// tree-shaken (from source); every other package left external.
const bundled = /^(@openward\/|rxjs|fp-ts|io-ts|tslib)/
const openwardFromSource = {
  name: 'bundle-as-the-cli-build',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (bundled.test(args.path) ? null : { external: true }))
  },
}
await build({
  entryPoints: {
    child: fileURLToPath(new URL('memory-child.ts', import.meta.url)),
    bin: join(repo, 'packages/cli/src/bin.ts'),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@openward/source'],
  mainFields: ['module', 'main'], // as tsup sets them for Node: io-ts's ES build, not its CommonJS one
  // As the CLI's build: barrel imports resolved to the files that define the names, rxjs as ES modules.
  plugins: [deepImports({ skip: ['@openward/fhir-sandbox', '@openward/ward-stream'] }), openwardFromSource],
  logLevel: 'warning',
})

const dir = mkdtempSync(join(tmpdir(), 'openward-memory-'))
/** A `days`-long 1 Hz CSV: the overnight record's SpO2 values over and over, t_seconds running on. */
async function makeCsv(days) {
  const values = readFileSync(overnight, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1])
  const path = join(dir, `${days}d.csv`)
  const file = createWriteStream(path)
  file.write('t_seconds,spo2\n')
  const n = days * 86_400
  for (let i = 0; i < n; i += 10_000) {
    let chunk = ''
    for (let k = i; k < Math.min(n, i + 10_000); k++) chunk += `${k},${values[k % values.length]}\n`
    if (!file.write(chunk)) await new Promise((r) => file.once('drain', r))
  }
  await new Promise((r, j) => file.end((e) => (e ? j(e) : r())))
  return path
}

// The preload prints the process's own peak RSS at exit (for the CLI, whose output is its own).
const rssAtExit = `data:text/javascript,process.on('exit',()=>process.stderr.write('MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`
function run(args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync('nice', [process.execPath, '--import', rssAtExit, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  const rss = /MAXRSS (\d+)/.exec(r.stderr)
  if (r.status !== 0 || rss === null) return { failed: `exit ${r.status}: ${r.stderr.slice(-300)}` }
  return { mib: Number(rss[1]) / 1024, ms }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const rows = []
for (const days of dayList) {
  const csv = await makeCsv(days)
  const cases = {
    'node -e 0': ['-e', '0'],
    'columns pobm': [join(out, 'child.js'), csv, 'columns', 'pobm'],
    'columns clinical': [join(out, 'child.js'), csv, 'columns', 'clinical'],
    'objects pobm': [join(out, 'child.js'), csv, 'objects', 'pobm'],
    'objects clinical': [join(out, 'child.js'), csv, 'objects', 'clinical'],
    'openward analyze --profile pobm': [join(out, 'bin.js'), 'analyze', csv, '--profile', 'pobm', '--json'],
    'openward analyze (clinical)': [join(out, 'bin.js'), 'analyze', csv, '--json'],
    // The same without --json: the JSON body (every event, pretty-printed) is built whole before it is written.
    'openward analyze --profile pobm, text': [join(out, 'bin.js'), 'analyze', csv, '--profile', 'pobm'],
    'openward analyze (clinical), text': [join(out, 'bin.js'), 'analyze', csv],
  }
  const results = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
  for (let r = 0; r < rounds; r++) for (const [k, args] of Object.entries(cases)) results[k].push(run(args))
  for (const [k, rs] of Object.entries(results)) {
    const failed = rs.find((x) => x.failed !== undefined)
    rows.push({
      days,
      path: k,
      peakRssMiB: failed ? null : +median(rs.map((x) => x.mib)).toFixed(1),
      wallMs: failed ? null : Math.round(median(rs.map((x) => x.ms))),
      ...(failed ? { failed: failed.failed } : {}),
    })
  }
}
rmSync(dir, { recursive: true, force: true })

console.log(
  `rounds ${rounds}, node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
)
console.log('| days | path | peak RSS MiB | wall ms (median) |')
console.log('| --- | --- | --- | --- |')
for (const r of rows)
  console.log(`| ${r.days} | ${r.path} | ${r.peakRssMiB ?? `failed: ${r.failed}`} | ${r.wallMs ?? ''} |`)
// Growth per added day of recording (7 → 30 days): linear storage shows as a constant per-day cost.
const at = (d, p) => rows.find((r) => r.days === d && r.path === p)?.peakRssMiB
if (dayList.includes(7) && dayList.includes(30))
  for (const p of new Set(rows.map((r) => r.path))) {
    const a = at(7, p)
    const b = at(30, p)
    if (a != null && b != null)
      console.log(
        `${p}: ${a} → ${b} MiB, ${((b - a) / 23).toFixed(2)} MiB per added day (${((((b - a) / 23) * 1024 * 1024) / 86_400).toFixed(1)} B per sample)`,
      )
  }
