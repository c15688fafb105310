import type { CapabilityStatement, CapabilityStatementRestResource, ResourceType } from '@medplum/fhirtypes'

import { type Definitions, searchParam } from './definitions.js'
import { globalSchema } from '@medplum/core'

/** What `/metadata` says about a sandbox (FHIR R4 CapabilityStatement, kind `instance`). */
export function capabilityStatement(
  defs: Definitions,
  baseUrl: string,
  tokenUrl: string | undefined,
): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = defs.r4ResourceTypes.map((type) => ({
    type: type as ResourceType,
    interaction: [
      'read',
      'vread',
      'update',
      'patch',
      'delete',
      'history-instance',
      'history-type',
      'create',
      'search-type',
    ].map((code) => ({ code: code as 'read' })),
    versioning: 'versioned',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalUpdate: true,
    conditionalDelete: 'single',
    // R4 ele-1 and the JSON rules (R4 json.html "empty arrays are not allowed"): omit, never [].
    ...nonEmpty(
      'searchInclude',
      Object.keys(globalSchema.types[type]?.searchParams ?? {})
        .filter((code) => searchParam(type, code)?.type === 'reference')
        .map((code) => `${type}:${code}`),
    ),
    ...nonEmpty(
      'searchParam',
      Object.keys(globalSchema.types[type]?.searchParams ?? {})
        .filter(
          (code) =>
            !['_compartment', '_source', '_profile', '_security', '_tag'].includes(code) && !code.includes('combo'),
        )
        .map((code) => ({ name: code, type: searchParam(type, code)?.type ?? 'token' })),
    ),
    operation: [{ name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' }],
  }))
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: '@openward/fhir-sandbox' },
    implementation: { description: 'Openward FHIR sandbox (in memory, for tests and development)', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        ...(tokenUrl
          ? {
              security: {
                service: [
                  {
                    coding: [
                      {
                        system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                        code: 'SMART-on-FHIR',
                      },
                    ],
                  },
                ],
                extension: [
                  {
                    url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                    extension: [{ url: 'token', valueUri: tokenUrl }],
                  },
                ],
              },
            }
          : {}),
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  }
}

function nonEmpty<K extends string, V>(key: K, values: V[]): Partial<Record<K, V[]>> {
  return values.length === 0 ? {} : ({ [key]: values } as Record<K, V[]>)
}
