/**
 * `npm run fuzz -w packages/oximeter [-- <count> [protocol...]]`: ≥ 10^6 random and mutated
 * inputs per protocol by default (FUZZ_COUNT or the first argument for a smaller run).
 * Exits 1 if any invariant broke.
 */
import { isProtocolId, PROTOCOL_IDS, type ProtocolId } from '../../src/index.js'
import { fuzzProtocol } from './fuzz-core.js'

const args = process.argv.slice(2)
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? process.env.FUZZ_COUNT ?? 1_000_000)
const chosen = args.filter(isProtocolId)
const protocols: readonly ProtocolId[] = chosen.length > 0 ? chosen : PROTOCOL_IDS
const seed = Number(process.env.FUZZ_SEED ?? 20261122)

let failed = false
process.stdout.write(`fuzz: ${count} inputs per protocol, seed ${seed}\n`)
for (const protocol of protocols) {
  const t0 = performance.now()
  const r = fuzzProtocol(protocol, count, seed)
  const s = ((performance.now() - t0) / 1000).toFixed(1)
  process.stdout.write(
    `${protocol.padEnd(15)} ${r.inputs} inputs (${r.randomInputs} random, ${r.mutatedInputs} mutated), ` +
      `${(r.bytes / 1e6).toFixed(1)} MB, ${r.records} records, max ${r.maxInputMs.toFixed(2)} ms/input, ${s} s: ` +
      `${r.failures.length === 0 ? 'ok' : 'FAILED'}\n`,
  )
  for (const f of r.failures) process.stdout.write(`  ${f}\n`)
  if (r.failures.length > 0) failed = true
}
process.exitCode = failed ? 1 : 0
