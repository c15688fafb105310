import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_STATUS_URL,
  type ResourceProfile,
  UK_CORE_HEART_RATE_URL,
  UK_CORE_ORGANIZATION_URL,
  UK_CORE_OXYGEN_SATURATION_URL,
  UK_CORE_PATIENT_URL,
  UK_CORE_SERVICE_REQUEST_URL,
  validateNhsNumber,
  validateResource,
  type ValidationIssue,
} from '../src/index.js'

// dom-6 (narrative recommended) is a warning on every resource without text: left out here.
const ids = (issues: readonly ValidationIssue[], severity = 'error') =>
  issues.filter((i) => i.severity === severity && i.id !== 'fhir.invariant.dom-6').map((i) => i.id)

const verification = (system: string, code: string) => ({
  url: NHS_NUMBER_VERIFICATION_STATUS_URL,
  valueCodeableConcept: { coding: [{ system, code }] },
})
const ENGLAND = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland'

// Shaped like UK Core's UKCore-Patient-BabyPatient-Example, whose NHS number 9912003890 fails the check digit.
const babyPatient = (value = '9912003890', ext: unknown[] = [verification(ENGLAND, '01')]) => ({
  resourceType: 'Patient',
  id: 'UKCore-Patient-BabyPatient-Example',
  meta: { profile: [UK_CORE_PATIENT_URL] },
  identifier: [{ extension: ext, system: NHS_NUMBER_SYSTEM, value }],
  name: [{ use: 'official', family: 'Smith', given: ['Baby'] }],
  gender: 'female',
  birthDate: '2021-02-11',
})

describe('UKCore-Patient', () => {
  it('conforms to the profile although its NHS number fails the check digit: two separate results', () => {
    const r = validateResource(babyPatient())
    expect(r.valid).toBe(true)
    expect(ids(r.issues, 'warning')).toContain('ukcore.patient.nhsNumber.invalid')
    expect(E.isLeft(validateNhsNumber('9912003890'))).toBe(true)
  })

  it('has no NHS-number warning for a valid number', () => {
    const r = validateResource(babyPatient('9434765919'))
    expect(r.valid).toBe(true)
    expect(ids(r.issues, 'warning')).not.toContain('ukcore.patient.nhsNumber.invalid')
  })

  it('applies when asked by URL even without meta.profile', () => {
    const { meta: _meta, ...p } = babyPatient('9434765919', [verification(ENGLAND, '99')])
    expect(ids(validateResource(p).issues)).toEqual([])
    expect(ids(validateResource(p, { profiles: [UK_CORE_PATIENT_URL] }).issues)).toEqual([
      'ukcore.patient.verificationStatus.binding',
    ])
  })

  it('accepts Wales codes and NullFlavor NI, rejects other systems', () => {
    const wales = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusWales'
    expect(validateResource(babyPatient('9434765919', [verification(wales, '08')])).valid).toBe(true)
    expect(
      validateResource(
        babyPatient('9434765919', [verification('http://terminology.hl7.org/CodeSystem/v3-NullFlavor', 'NI')]),
      ).valid,
    ).toBe(true)
    expect(validateResource(babyPatient('9434765919', [verification('http://example.org', '01')])).valid).toBe(false)
  })

  it('rejects two NHS numbers, a missing value, spaced values and two verification statuses', () => {
    const two = babyPatient('9434765919')
    two.identifier.push({ extension: [], system: NHS_NUMBER_SYSTEM, value: '4010232137' })
    two.identifier[1]!.extension = [verification(ENGLAND, '01')]
    expect(ids(validateResource(two).issues)).toEqual(['ukcore.patient.nhsNumber.max'])
    const noValue = babyPatient('9434765919') as Record<string, any>
    delete noValue['identifier'][0].value
    expect(ids(validateResource(noValue).issues)).toContain('ukcore.patient.nhsNumber.value')
    expect(ids(validateResource(babyPatient('943 476 5919')).issues)).toEqual(['ukcore.patient.nhsNumber.format'])
    const twoExt = babyPatient('9434765919', [verification(ENGLAND, '01'), verification(ENGLAND, '02')])
    expect(ids(validateResource(twoExt).issues)).toEqual(['ukcore.patient.verificationStatus.max'])
  })

  it('is applied to Patients inside a Bundle', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:9c9a5bce-7d7b-4a1b-9d5e-3a1e8f4b6c2d',
          resource: babyPatient('9434765919', [verification(ENGLAND, 'x')]),
        },
      ],
    }
    const r = validateResource(bundle)
    expect(r.issues.find((i) => i.id === 'ukcore.patient.verificationStatus.binding')?.expression).toBe(
      'Bundle.entry[0].resource.identifier[0].extension[0].valueCodeableConcept',
    )
  })
})

describe('UKCore-Organization', () => {
  const org = (values: string[]) => ({
    resourceType: 'Organization',
    identifier: values.map((value) => ({ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value })),
    name: 'Leeds Teaching Hospitals',
  })
  it('accepts one ODS code and rejects two', () => {
    expect(validateResource(org(['RR8']), { profiles: [UK_CORE_ORGANIZATION_URL] }).valid).toBe(true)
    expect(ids(validateResource(org(['RR8', 'RR813']), { profiles: [UK_CORE_ORGANIZATION_URL] }).issues)).toEqual([
      'ukcore.organization.odsOrganisationCode.max',
    ])
  })
  it('warns on a value that is not an ODS code', () => {
    const r = validateResource(org(['RR8-13']), { profiles: [UK_CORE_ORGANIZATION_URL] })
    expect(r.valid).toBe(true)
    expect(ids(r.issues, 'warning')).toEqual(['ukcore.organization.odsOrganisationCode.format'])
  })
})

const spo2 = (patch: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '2708-6', display: 'Oxygen saturation in Arterial blood' }] },
  subject: { reference: 'Patient/example' },
  effectiveDateTime: '2024-05-01T10:00:00Z',
  valueQuantity: { value: 97, unit: 'percent', system: 'http://unitsofmeasure.org', code: '%' },
  ...patch,
})

describe('UK Core vital signs', () => {
  const check = (o: unknown, url = UK_CORE_OXYGEN_SATURATION_URL) => validateResource(o, { profiles: [url] })
  it('accepts a conformant SpO2 Observation', () => {
    const r = check(spo2())
    expect(ids(r.issues)).toEqual([])
    expect(ids(r.issues, 'warning')).toEqual([])
  })
  it.each([
    ['wrong LOINC', { code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] } }, 'ukcore.spo2.code'],
    ['no category', { category: undefined }, 'ukcore.spo2.category'],
    ['subject a Group', { subject: { reference: 'Group/1' } }, 'ukcore.spo2.subject.target'],
    ['no effective', { effectiveDateTime: undefined }, 'ukcore.spo2.effective'],
    [
      'unit /min',
      { valueQuantity: { value: 97, unit: 'percent', system: 'http://unitsofmeasure.org', code: '/min' } },
      'ukcore.spo2.value.code',
    ],
    ['no value', { valueQuantity: undefined, dataAbsentReason: { text: 'probe off' } }, 'ukcore.spo2.value'],
  ])('rejects %s', (_n, patch, id) => {
    const o = JSON.parse(JSON.stringify(spo2(patch))) as unknown
    expect(ids(check(o).issues)).toContain(id)
  })
  it('warns on SpO2 above 100%', () => {
    expect(
      ids(
        check(spo2({ valueQuantity: { value: 101, unit: 'percent', system: 'http://unitsofmeasure.org', code: '%' } }))
          .issues,
        'warning',
      ),
    ).toContain('ukcore.spo2.value.range')
  })
  it('checks heart rate units', () => {
    const hr = spo2({
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      valueQuantity: { value: 72, unit: 'per minute', system: 'http://unitsofmeasure.org', code: '/min' },
    })
    expect(check(hr, UK_CORE_HEART_RATE_URL).valid).toBe(true)
    expect(check(spo2(), UK_CORE_HEART_RATE_URL).valid).toBe(false)
  })
})

describe('pluggable profiles', () => {
  it('applies a caller-supplied profile and warns on unknown URLs', () => {
    const mine: ResourceProfile = {
      url: 'https://example.org/StructureDefinition/needs-birthdate',
      resourceType: 'Patient',
      title: 'needs birthDate',
      validate: (p, path) =>
        p['birthDate'] === undefined
          ? [
              {
                severity: 'error',
                code: 'required',
                id: 'mine.birthDate',
                message: 'birthDate required',
                expression: `${path}.birthDate`,
              },
            ]
          : [],
    }
    const patient = { resourceType: 'Patient', gender: 'male' }
    expect(ids(validateResource(patient, { profiles: [mine] }).issues)).toEqual(['mine.birthDate'])
    expect(ids(validateResource(patient, { profiles: ['https://example.org/unknown'] }).issues, 'warning')).toContain(
      'profile.unknown',
    )
  })
  it('checks ServiceRequest subject targets', () => {
    const sr = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Practitioner/1' },
    }
    // The base R4 target check reports it too; the profile repeats it under its own id.
    expect(ids(validateResource(sr, { profiles: [UK_CORE_SERVICE_REQUEST_URL] }).issues).sort()).toEqual([
      'fhir.reference.target',
      'ukcore.service-request.subject.target',
    ])
  })
})
