// Validates every file of hl7.fhir.r4.examples@4.0.1 (5,306 resources incl. conformance resources
// and bundles) and prints how many are clean, which are flagged and whether each flagged file is in
// the reviewed list of genuinely invalid examples. Run: npm run validate-r4-examples -w packages/validators
import { validateResource } from '../src/index.js'
import { KNOWN_INVALID_EXAMPLES, r4ExampleFiles, readR4Example } from '../test/r4-examples.js'

const files = r4ExampleFiles()
const t0 = performance.now()
let clean = 0
const unexpected: string[] = []
const flagged: string[] = []
for (const f of files) {
  const r = validateResource(readR4Example(f))
  if (r.valid) clean++
  else {
    flagged.push(f)
    if (!(f in KNOWN_INVALID_EXAMPLES)) {
      const first = r.issues.find((i) => i.severity === 'error' || i.severity === 'fatal')
      unexpected.push(`${f}: ${first?.expression ?? ''} ${first?.message ?? ''}`)
    }
  }
}
const seconds = (performance.now() - t0) / 1000
const missing = Object.keys(KNOWN_INVALID_EXAMPLES).filter((f) => !flagged.includes(f))
console.log(`${files.length} examples in ${seconds.toFixed(1)} s: ${clean} clean, ${flagged.length} with errors`)
for (const f of flagged) console.log(`  ${f}: ${KNOWN_INVALID_EXAMPLES[f] ?? 'NOT IN THE REVIEWED LIST'}`)
if (unexpected.length > 0) console.log(`unexpected errors:\n  ${unexpected.join('\n  ')}`)
if (missing.length > 0) console.log(`known-invalid examples no longer flagged: ${missing.join(', ')}`)
process.exitCode = unexpected.length > 0 || missing.length > 0 ? 1 : 0
