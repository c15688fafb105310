import { validateResource } from '../src/index.js'
import { r4ExampleFiles, readR4Example } from '../test/r4-examples.js'
const filter = process.argv[2] ?? ''
const counts = new Map<string, Set<string>>()
for (const f of r4ExampleFiles()) {
  const r = validateResource(readR4Example(f), { timeoutMs: 120_000 })
  for (const i of r.issues) {
    if (!i.id.includes(filter)) continue
    const k = `${i.severity} ${i.expression?.replace(/\[\d+\]/g, '')} ${i.message}`
    if (!counts.has(k)) counts.set(k, new Set())
    counts.get(k)!.add(f)
  }
}
for (const [k, v] of [...counts].sort((a, b) => b[1].size - a[1].size)) console.log(v.size, k.slice(0, 230), [...v].slice(0, 3).join(' '))
