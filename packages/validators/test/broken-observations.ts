// Deliberately broken copies of the R4 heart-rate example, one defect each, with where the
// defect must be reported (specs/validators.md 2.3 lists the same mutations as obs-*).
export const HEART_RATE = {
  resourceType: 'Observation',
  id: 'heart-rate',
  meta: { profile: ['http://hl7.org/fhir/StructureDefinition/vitalsigns'] },
  status: 'final',
  category: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/observation-category',
          code: 'vital-signs',
          display: 'Vital Signs',
        },
      ],
      text: 'Vital Signs',
    },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }], text: 'Heart rate' },
  subject: { reference: 'Patient/example' },
  effectiveDateTime: '1999-07-02',
  valueQuantity: { value: 44, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
} as const

type Obs = Record<string, unknown>
const clone = (): Obs => JSON.parse(JSON.stringify(HEART_RATE)) as Obs
const mutate = (f: (o: Obs) => void): Obs => {
  const o = clone()
  f(o)
  return o
}
const vq = (o: Obs) => o['valueQuantity'] as Obs

export interface BrokenCase {
  readonly name: string
  readonly resource: Obs
  readonly id: string
  readonly expression: string
}

export const BROKEN_OBSERVATIONS: readonly BrokenCase[] = [
  {
    name: 'missing status',
    resource: mutate((o) => delete o['status']),
    id: 'fhir.cardinality.min',
    expression: 'Observation.status',
  },
  {
    name: 'missing code',
    resource: mutate((o) => delete o['code']),
    id: 'fhir.cardinality.min',
    expression: 'Observation.code',
  },
  {
    name: 'status is a number',
    resource: mutate((o) => (o['status'] = 1)),
    id: 'fhir.primitive.code',
    expression: 'Observation.status',
  },
  {
    name: 'value is a string',
    resource: mutate((o) => (vq(o)['value'] = '72')),
    id: 'fhir.primitive.decimal',
    expression: 'Observation.valueQuantity.value',
  },
  {
    name: 'code is a string',
    resource: mutate((o) => (o['code'] = '8867-4')),
    id: 'fhir.object.expected',
    expression: 'Observation.code',
  },
  {
    name: 'status is an array',
    resource: mutate((o) => (o['status'] = ['final'])),
    id: 'fhir.array.unexpected',
    expression: 'Observation.status',
  },
  {
    name: 'category is an object',
    resource: mutate((o) => (o['category'] = (o['category'] as unknown[])[0])),
    id: 'fhir.array.expected',
    expression: 'Observation.category',
  },
  {
    name: 'code is an array',
    resource: mutate((o) => (o['code'] = [o['code']])),
    id: 'fhir.array.unexpected',
    expression: 'Observation.code',
  },
  {
    name: 'unknown root element',
    resource: mutate((o) => (o['valueX'] = 1)),
    id: 'fhir.element.unknown',
    expression: 'Observation.valueX',
  },
  {
    name: 'unknown nested element',
    resource: mutate((o) => (vq(o)['units'] = 'bpm')),
    id: 'fhir.element.unknown',
    expression: 'Observation.valueQuantity.units',
  },
  {
    name: 'status not in value set',
    resource: mutate((o) => (o['status'] = 'done')),
    id: 'fhir.binding.required',
    expression: 'Observation.status',
  },
  {
    name: 'comparator not in value set',
    resource: mutate((o) => (vq(o)['comparator'] = '!=')),
    id: 'fhir.binding.required',
    expression: 'Observation.valueQuantity.comparator',
  },
  {
    name: 'impossible date',
    resource: mutate((o) => (o['effectiveDateTime'] = '2021-13-45')),
    id: 'fhir.primitive.dateTime',
    expression: 'Observation.effectiveDateTime',
  },
  {
    name: 'US date format',
    resource: mutate((o) => (o['effectiveDateTime'] = '04/03/2021')),
    id: 'fhir.primitive.dateTime',
    expression: 'Observation.effectiveDateTime',
  },
  {
    name: 'time without zone',
    resource: mutate((o) => (o['effectiveDateTime'] = '2021-03-04T10:00:00')),
    id: 'fhir.primitive.dateTime',
    expression: 'Observation.effectiveDateTime',
  },
  {
    name: '30 February',
    resource: mutate((o) => (o['effectiveDateTime'] = '2021-02-30')),
    id: 'fhir.primitive.dateTime',
    expression: 'Observation.effectiveDateTime',
  },
  {
    name: 'two value[x]',
    resource: mutate((o) => (o['valueString'] = '44')),
    id: 'fhir.choice.multiple',
    expression: 'Observation.valueString',
  },
  {
    name: 'dataAbsentReason with a value (obs-6)',
    resource: mutate((o) => (o['dataAbsentReason'] = { text: 'x' })),
    id: 'fhir.invariant.obs-6',
    expression: 'Observation',
  },
  {
    name: 'empty status',
    resource: mutate((o) => (o['status'] = '')),
    id: 'fhir.primitive.code',
    expression: 'Observation.status',
  },
  {
    name: 'null subject',
    resource: mutate((o) => (o['subject'] = null)),
    id: 'fhir.null',
    expression: 'Observation.subject',
  },
  {
    name: 'empty category array',
    resource: mutate((o) => (o['category'] = [])),
    id: 'fhir.array.empty',
    expression: 'Observation.category',
  },
  {
    name: 'bad id',
    resource: mutate((o) => (o['id'] = 'bad id!')),
    id: 'fhir.primitive.id',
    expression: 'Observation.id',
  },
  {
    name: 'extension without url',
    resource: mutate((o) => (o['extension'] = [{ valueString: 'x' }])),
    id: 'fhir.cardinality.min',
    expression: 'Observation.extension[0].url',
  },
  {
    name: 'misspelt resourceType',
    resource: mutate((o) => (o['resourceType'] = 'Observaton')),
    id: 'fhir.resource.type-unknown',
    expression: '',
  },
  {
    name: 'empty object',
    resource: mutate((o) => (o['subject'] = {})),
    id: 'fhir.element.empty',
    expression: 'Observation.subject',
  },
  {
    name: 'period end before start (per-1)',
    resource: mutate((o) => {
      delete o['effectiveDateTime']
      o['effectivePeriod'] = { start: '2021-03-04', end: '2021-03-01' }
    }),
    id: 'fhir.invariant.per-1',
    expression: 'Observation.effectivePeriod',
  },
  {
    name: 'negative positiveInt in SampledData',
    resource: mutate((o) => {
      delete o['valueQuantity']
      o['valueSampledData'] = { origin: { value: 0 }, period: 1, dimensions: 0, data: '1 2' }
    }),
    id: 'fhir.primitive.positiveInt',
    expression: 'Observation.valueSampledData.dimensions',
  },
]
