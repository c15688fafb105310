// Runs a bench script under plain `node` on built JS, not `tsx` (which slows a baseline loop
// 1.6-2x and so flatters the code under test): bundles the script with esbuild (workspace packages
// from source, via the @openward/source condition) into a temporary file, runs it with the same
// node binary and passes its output through. Usage: node bench/plain-node.mjs bench/<name>.bench-script.ts
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { build } from 'esbuild'

const entry = process.argv[2]
if (entry === undefined) {
  console.error('usage: node bench/plain-node.mjs <bench script>')
  process.exit(2)
}
const dir = mkdtempSync(join(tmpdir(), 'openward-bench-'))
try {
  const outfile = join(dir, 'bench.mjs')
  await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@openward/source'],
    outfile,
    logLevel: 'warning',
  })
  // BENCH_NODE_FLAGS, e.g. --single-threaded-gc: on a loaded machine the parallel scavenger waits for
  // CPU its helper threads cannot get, which makes allocating code look slower than it is.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '')
  const run = spawnSync(process.execPath, [...flags, outfile, ...process.argv.slice(3)], { stdio: 'inherit' })
  process.exitCode = run.status ?? 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
