import { validateResource } from '../src/index.js'
import { readR4Example } from '../test/r4-examples.js'
const text = readR4Example(process.argv[2]!)
const t = performance.now()
const r = validateResource(text, { timeoutMs: 120_000 })
console.log(text.length, (performance.now() - t).toFixed(0), 'ms', r.valid, r.issues.length)
