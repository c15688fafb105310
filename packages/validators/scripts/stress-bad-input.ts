// Bad-input stress run: a ~50 MB transaction Bundle, 10,000-deep nesting, BOM, non-JSON text,
// arrays and nulls. Prints time, heap growth and the outcome size for each; nothing may throw.
// Run: npx tsx packages/validators/scripts/stress-bad-input.ts
import { validateResource } from '../src/index.js'
import { HEART_RATE } from '../test/broken-observations.js'

function bigBundle(targetBytes: number): string {
  const entry = (i: number) =>
    JSON.stringify({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resource: { ...HEART_RATE, id: `hr-${i}` },
      request: { method: 'POST', url: 'Observation' },
    })
  const parts: string[] = []
  let size = 0
  for (let i = 0; size < targetBytes; i++) {
    const e = entry(i)
    parts.push(e)
    size += e.length + 1
  }
  return `{"resourceType":"Bundle","type":"transaction","entry":[${parts.join(',')}]}`
}

function measure(label: string, input: unknown): void {
  const heap0 = process.memoryUsage().heapUsed
  const t = performance.now()
  const r = validateResource(input)
  const ms = performance.now() - t
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6
  const ids = [...new Set(r.issues.filter((i) => i.severity !== 'information').map((i) => i.id))].slice(0, 4)
  console.log(
    `${label.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms  heap +${heapMb.toFixed(0)} MB  valid=${r.valid}  issues=${r.issues.length} ${ids.join(',')}`,
  )
}

const big = bigBundle(50 * 1024 * 1024)
console.log(`bundle text: ${(big.length / 1e6).toFixed(1)} MB`)
measure('50 MB transaction bundle', big)
measure('10,000-deep arrays', `{"resourceType":"Observation","code":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)
measure(
  '10,000-deep objects',
  `{"resourceType":"Parameters","parameter":[${'{"name":"p","part":['.repeat(10_000)}${']}'.repeat(10_000)}]}`,
)
measure('BOM + resource', `\uFEFF${JSON.stringify(HEART_RATE)}`)
measure('non-JSON text', 'Observation: status=final')
measure('JSON array', '[{"resourceType":"Patient"}]')
measure('null', null)
measure('70 Mi chars (limit 64 Mi)', 'x'.repeat(70 * 1024 * 1024))
