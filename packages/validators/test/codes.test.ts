import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  describeDmdId,
  describeLoincCode,
  type DmdId,
  isSctid,
  type LoincCode,
  loincCheckDigit,
  type Sctid,
  sctidParts,
  validateDmdId,
  validateLoincCode,
  validateOdsCode,
  validateSctid,
  validateSnomedConceptId,
  validateUkPostcode,
} from '../src/index.js'

const leftIds = (r: E.Either<readonly { id: string }[], unknown>) => (E.isLeft(r) ? r.left.map((i) => i.id) : [])

describe('SNOMED CT identifiers', () => {
  // Real concept, description and metadata ids from the International and UK editions.
  it.each([
    '404684003', // Clinical finding
    '138875005', // SNOMED CT Concept (root)
    '195967001', // Asthma
    '22298006', // Myocardial infarction
    '73211009', // Diabetes mellitus
    '38341003', // Hypertensive disorder
    '900000000000207008', // Core module (18 digits)
    '900000000000003001', // Fully specified name (description type concept)
    '39732311000001104', // a dm+d VMP in the UK drug extension namespace 1000001
  ])('accepts %s and keeps it a string', (id) => {
    expect(validateSctid(id)).toEqual(E.right(id))
  })

  it('rejects a single changed digit (Verhoeff) and transpositions', () => {
    expect(leftIds(validateSctid('404684004'))).toEqual(['sctid.checksum'])
    expect(leftIds(validateSctid('404684030'))).toEqual(['sctid.partition'])
    expect(isSctid('195967010')).toBe(false)
    expect(isSctid('195976001')).toBe(false)
  })

  it('explains length, leading zero, partition and type problems', () => {
    expect(leftIds(validateSctid('12345'))).toEqual(['sctid.length'])
    expect(leftIds(validateSctid('0404684003'))).toEqual(['sctid.leading-zero'])
    expect(leftIds(validateSctid('404684053'))).toEqual(['sctid.partition'])
    expect(leftIds(validateSctid(404684003))).toEqual(['sctid.type'])
    expect(leftIds(validateSctid('40468A003'))).toEqual(['sctid.format'])
  })

  it('splits partition and namespace', () => {
    expect(sctidParts('39732311000001104' as Sctid)).toEqual({
      kind: 'concept',
      format: 'long',
      namespace: '1000001',
      partition: '10',
    })
    expect(sctidParts('404684003' as Sctid)).toEqual({ kind: 'concept', format: 'short', partition: '00' })
  })

  it('tells a description id from a concept id', () => {
    expect(leftIds(validateSnomedConceptId('22298006'))).toEqual([])
    // 37436014 is the description "Myocardial infarction" (partition 01) of concept 22298006.
    expect(leftIds(validateSnomedConceptId('37436014'))).toEqual(['sctid.not-concept'])
  })
})

describe('dm+d ids', () => {
  it('accepts extension and International concept ids', () => {
    expect(validateDmdId('39732311000001104')).toEqual(E.right('39732311000001104'))
    expect(validateDmdId('322236009')).toEqual(E.right('322236009'))
  })
  it('rejects description ids and bad check digits with dmd.* ids', () => {
    expect(leftIds(validateDmdId('39732311000001105'))).toEqual(['dmd.checksum'])
  })
  it('warns when a long id is outside the UK drug namespace', () => {
    expect(describeDmdId('39732311000001104' as DmdId)).toEqual([])
    expect(describeDmdId('999999991000000109' as DmdId).map((i) => i.id)).toEqual(['dmd.namespace'])
  })
})

describe('LOINC codes', () => {
  it('computes the mod-10 check digit (Users Guide 12C)', () => {
    expect(loincCheckDigit('8867')).toBe(4)
    expect(loincCheckDigit('2160')).toBe(0)
    expect(loincCheckDigit('59408')).toBe(5)
  })
  it.each(['8867-4', '2160-0', '8478-0', '59408-5', '2708-6', '29463-7', '85354-9'])('accepts %s', (c) => {
    expect(validateLoincCode(c)).toEqual(E.right(c))
  })
  it('accepts the 14 documented exceptions with a warning', () => {
    expect(validateLoincCode('11491-6')).toEqual(E.right('11491-6'))
    expect(validateLoincCode('6649-9')).toEqual(E.right('6649-9'))
    expect(loincCheckDigit('11491')).not.toBe(6)
    expect(describeLoincCode('11491-6' as LoincCode).map((i) => i.id)).toEqual(['loinc.check-digit-exception'])
  })
  it('rejects wrong check digits and formats', () => {
    expect(leftIds(validateLoincCode('8867-5'))).toEqual(['loinc.checksum'])
    expect(leftIds(validateLoincCode('88674'))).toEqual(['loinc.format'])
    expect(E.isLeft(validateLoincCode('LP14082-9')) && validateLoincCode('LP14082-9')).toBeTruthy()
  })
})

describe('ODS codes', () => {
  it.each([
    ['G3472185', 'G3472185'],
    ['K81003001', 'K81003001'],
    ['FVR79', 'FVR79'],
    ['rr8', 'RR8'],
    [' A81001 ', 'A81001'],
  ])('accepts %j', (c, out) => expect(validateOdsCode(c)).toEqual(E.right(out)))
  it('rejects long, empty and punctuated codes', () => {
    expect(leftIds(validateOdsCode('ABCDEFGHIJ'))).toEqual(['ods.length'])
    expect(leftIds(validateOdsCode(''))).toEqual(['ods.empty'])
    expect(leftIds(validateOdsCode('RR8-13'))).toEqual(['ods.format'])
  })
})

describe('UK postcodes', () => {
  it.each([
    ['SW1A 1AA', 'SW1A 1AA'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['W1A 0AX', 'W1A 0AX'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['GIR 0AA', 'GIR 0AA'],
  ])('accepts %j', (p, out) => expect(validateUkPostcode(p)).toEqual(E.right(out)))

  it.each([
    ['QA1 1AA', 'postcode.outward'], // Q never first
    ['AI1 1AA', 'postcode.outward'], // I never second
    ['SW1A 1AC', 'postcode.inward'], // C never inward
    ['SW1A  1AA', 'postcode.format'],
    ['SW1A-1AA', 'postcode.format'],
    ['ZZ99 3VZ', 'postcode.outward'],
  ])('rejects %j', (p, id) => expect(leftIds(validateUkPostcode(p))).toEqual([id]))

  it('accepts NHS pseudo-postcodes only when asked', () => {
    for (const p of ['ZZ99 3VZ', 'ZZ99 3WZ', 'ZZ99 1WZ', 'ZZ99 6CZ']) {
      expect(validateUkPostcode(p, { allowNhsPseudo: true })).toEqual(E.right(p))
    }
    expect(E.isLeft(validateUkPostcode('ZZ98 3VZ', { allowNhsPseudo: true }))).toBe(true)
  })
})
