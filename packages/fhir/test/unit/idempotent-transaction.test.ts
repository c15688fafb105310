import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  countTransactionResponse,
  idempotentTransaction,
  ifNoneExistQuery,
  isIdempotentRequest,
} from '../../src/index.js'

const obs = (value: string) => ({
  resourceType: 'Observation' as const,
  status: 'final' as const,
  code: { text: 'x' },
  identifier: [{ system: 'urn:openward:observation', value }],
})

describe('idempotent transaction bundles', () => {
  it('escapes token search syntax in the ifNoneExist query', () => {
    expect(ifNoneExistQuery(obs('a|b,c$d\\e'))).toBe(
      `identifier=${encodeURIComponent('urn:openward:observation|a\\|b\\,c\\$d\\\\e')}`,
    )
    expect(ifNoneExistQuery({ identifier: [] })).toBeUndefined()
  })

  it('makes one conditional POST per resource, and the bundle counts as idempotent', () => {
    const bundle = idempotentTransaction([obs('1'), obs('2')])
    if (E.isLeft(bundle)) throw new Error(bundle.left.message)
    expect(bundle.right.type).toBe('transaction')
    expect(bundle.right.entry?.map((e) => e.request)).toEqual([
      { method: 'POST', url: 'Observation', ifNoneExist: 'identifier=urn%3Aopenward%3Aobservation%7C1' },
      { method: 'POST', url: 'Observation', ifNoneExist: 'identifier=urn%3Aopenward%3Aobservation%7C2' },
    ])
    expect(isIdempotentRequest({ method: 'POST', body: bundle.right })).toBe(true)
  })

  it('refuses a resource without a business identifier', () => {
    const bundle = idempotentTransaction([obs('1'), { resourceType: 'Observation' }])
    expect(E.isLeft(bundle) && bundle.left._tag).toBe('BadRequest')
  })

  it('counts 201 as created and 200 as existing, and rejects a mismatched response', () => {
    const response = {
      resourceType: 'Bundle' as const,
      type: 'transaction-response' as const,
      entry: [
        { response: { status: '201 Created' } },
        { response: { status: '200 OK' } },
        { response: { status: '201' } },
      ],
    }
    expect(countTransactionResponse(response, 3)).toEqual(E.right({ created: 2, existing: 1 }))
    expect(E.isLeft(countTransactionResponse(response, 4))).toBe(true)
    expect(E.isLeft(countTransactionResponse({ ...response, type: 'batch-response' }, 3))).toBe(true)
  })
})

describe('writes answered without a body', () => {
  it('take the id and version from Location when a server ignores return=representation', async () => {
    const { createFhirClient, Patient } = await import('../../src/index.js')
    const transport = {
      baseUrl: 'http://127.0.0.1:1/fhir',
      origin: 'http://127.0.0.1:1',
      kit: undefined as never,
      send: () => async () =>
        E.right({
          status: 201,
          body: undefined,
          attempts: 1,
          location: 'http://127.0.0.1:1/fhir/Patient/abc/_history/7',
        }),
    }
    const created = await createFhirClient(transport).create(Patient, { resourceType: 'Patient', active: true })()
    expect(created).toEqual(
      E.right({
        resource: { resourceType: 'Patient', active: true, id: 'abc', meta: { versionId: '7' } },
        versionId: '7',
      }),
    )
  })
})
