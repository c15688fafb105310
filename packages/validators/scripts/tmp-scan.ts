import { validateResource } from '../src/index.js'
import { r4ExampleFiles, readR4Example } from '../test/r4-examples.js'
const filter = process.argv[2] ?? ''
const counts = new Map<string, number>()
for (const f of r4ExampleFiles()) {
  const r = validateResource(readR4Example(f))
  for (const i of r.issues) {
    if (i.severity !== 'error' && i.severity !== 'fatal') continue
    if (!i.id.includes(filter)) continue
    counts.set(i.id, (counts.get(i.id) ?? 0) + 1)
    if ((counts.get(i.id) ?? 0) <= 6) console.log(f, i.id, i.message.slice(0, 150), i.expression)
  }
}
console.log(counts)
