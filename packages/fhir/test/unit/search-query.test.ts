import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { dateRange, patientByNhsNumber, pinNextLink, queryString, vitalSignsQuery } from '../../src/index.js'

describe('query builders', () => {
  it('NHS number identifier search, refusing numbers that fail the modulus-11 check', () => {
    expect(patientByNhsNumber('9000000009')).toEqual([['identifier', 'https://fhir.nhs.uk/Id/nhs-number|9000000009']])
    expect(patientByNhsNumber('9434765919')).toBeDefined()
    expect(patientByNhsNumber('9434765918')).toBeUndefined() // wrong check digit
    expect(patientByNhsNumber('943476591')).toBeUndefined()
    expect(patientByNhsNumber('94347659x9')).toBeUndefined()
  })

  it('vital-signs query: subject:identifier, category, LOINC code, ge/lt date range, newest first', () => {
    const q = vitalSignsQuery({ nhsNumber: '9000000009' }, 'pulseRate', {
      from: Date.UTC(2024, 0, 1),
      to: Date.UTC(2024, 0, 2),
    })
    expect(q).toEqual([
      ['subject:identifier', 'https://fhir.nhs.uk/Id/nhs-number|9000000009'],
      ['category', 'vital-signs'],
      ['code', 'http://loinc.org|8867-4'],
      ['date', 'ge2024-01-01T00:00:00.000Z'],
      ['date', 'lt2024-01-02T00:00:00.000Z'],
      ['_sort', '-date'],
    ])
    expect(vitalSignsQuery({ reference: 'Patient/1' })?.[0]).toEqual(['subject', 'Patient/1'])
    expect(vitalSignsQuery({ nhsNumber: '1234567890' })).toBeUndefined()
    expect(dateRange({})).toEqual([])
    expect(
      queryString([
        ['a b', 'x|y'],
        ['a b', '1'],
      ]),
    ).toBe('a%20b=x%7Cy&a%20b=1')
  })
})

describe('pinNextLink', () => {
  const base = 'https://fhir.example.nhs.uk/R4'
  it('keeps same-origin links, resolves relative ones', () => {
    expect(pinNextLink('https://fhir.example.nhs.uk/R4/Observation?page=2', base, 'refuse')).toEqual(
      E.right('https://fhir.example.nhs.uk/R4/Observation?page=2'),
    )
    expect(pinNextLink('Observation?page=2', base, 'refuse')).toEqual(
      E.right('https://fhir.example.nhs.uk/R4/Observation?page=2'),
    )
  })
  it('refuses another origin (host, port or scheme), or rewrites it onto the base when asked', () => {
    for (const link of [
      'https://evil.example/R4/Observation',
      'http://fhir.example.nhs.uk/R4/x',
      'https://fhir.example.nhs.uk:8443/R4/x',
    ]) {
      const r = pinNextLink(link, base, 'refuse')
      expect(E.isLeft(r) && r.left._tag).toBe('UnsafeLink')
    }
    expect(pinNextLink('http://internal-gw:8080/R4/Observation?p=2', base, 'rewrite')).toEqual(
      E.right('https://fhir.example.nhs.uk/R4/Observation?p=2'),
    )
  })
})
