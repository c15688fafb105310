// Round trip of every R4 example (hl7.fhir.r4.examples@4.0.1, JSON): JSON -> toFhirXml -> parseFhirXml
// must give back the same JSON (key order aside). Run: npx tsx --conditions=@openward/source packages/validators/scripts/xml-round-trip.ts
import { isDeepStrictEqual } from 'node:util'

import * as E from 'fp-ts/lib/Either.js'

import { r4ExampleFiles, readR4Example } from '../test/r4-examples.js'
import { parseFhirXml, toFhirXml } from '../src/xml/fhir-xml.js'

let ok = 0
const failed: string[] = []
const t = performance.now()
for (const f of r4ExampleFiles()) {
  const json = JSON.parse(readR4Example(f)) as Record<string, unknown>
  const xml = toFhirXml(json)
  const back = E.isRight(xml) ? parseFhirXml(xml.right) : xml
  if (E.isRight(back) && isDeepStrictEqual(back.right, json)) ok++
  else failed.push(`${f}: ${E.isLeft(back) ? back.left.message : firstDifference(json, back.right)}`)
}
console.log(`${ok}/${ok + failed.length} round-trip losslessly in ${((performance.now() - t) / 1000).toFixed(1)} s`)
for (const f of failed.slice(0, 30)) console.log(f)

function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return ''
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`)
      if (d !== '') return d
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`
}
