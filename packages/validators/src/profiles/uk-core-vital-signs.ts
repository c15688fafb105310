import type { ValidationIssue } from '../issue.js'
import type { ResourceProfile } from '../profile.js'
import {
  checkReferenceTarget,
  type Json,
  objectAt,
  objectsAt,
  profileError,
  profileWarning,
} from './profile-helpers.js'

/** Canonical URLs of the UK Core vital-signs profiles implemented here. @category profiles */
export const UK_CORE_OXYGEN_SATURATION_URL =
  'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-VitalSigns-OxygenSaturation'
export const UK_CORE_HEART_RATE_URL =
  'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-VitalSigns-HeartRate'

const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category'
const UCUM = 'http://unitsofmeasure.org'

interface VitalSign {
  readonly prefix: string
  readonly loinc: string
  readonly unit: string
  readonly ucum: string
  readonly range?: readonly [number, number]
}

// Rules shared by UKCore-Observation-VitalSigns children (after the R4 vitalsigns profile):
// vital-signs category, subject a Patient, effective[x] as dateTime (at least a day, vs-1) or Period.
function checkVitalSignsBase(obs: Json, path: string, p: string): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const vsCategory = objectsAt(obs, 'category').some(({ item }) =>
    objectsAt(item, 'coding').some(({ item: c }) => c['system'] === CATEGORY_SYSTEM && c['code'] === 'vital-signs'),
  )
  if (!vsCategory)
    issues.push(profileError(p, 'category', `category must include ${CATEGORY_SYSTEM}#vital-signs`, `${path}.category`))
  if (obs['subject'] === undefined) issues.push(profileError(p, 'subject', 'subject is required', `${path}.subject`))
  issues.push(...checkReferenceTarget(obs, 'subject', ['Patient'], p, path))
  const dt = obs['effectiveDateTime']
  if (dt === undefined && obs['effectivePeriod'] === undefined) {
    issues.push(
      profileError(
        p,
        'effective',
        'effective[x] is required, as effectiveDateTime or effectivePeriod',
        `${path}.effective[x]`,
      ),
    )
  } else if (typeof dt === 'string' && dt.length < 10) {
    issues.push(
      profileError(
        p,
        'vs-1',
        'vs-1: effectiveDateTime must be at least a full day (YYYY-MM-DD)',
        `${path}.effectiveDateTime`,
      ),
    )
  }
  return issues
}

function checkVitalSign(obs: Json, path: string, v: VitalSign): ValidationIssue[] {
  const p = v.prefix
  const issues = checkVitalSignsBase(obs, path, p)
  const codings = objectsAt(objectAt(obs, 'code') ?? {}, 'coding')
  if (!codings.some(({ item }) => item['system'] === 'http://loinc.org' && item['code'] === v.loinc)) {
    issues.push(profileError(p, 'code', `code.coding must include LOINC ${v.loinc}`, `${path}.code.coding`))
  }
  const q = objectAt(obs, 'valueQuantity')
  if (q === undefined) {
    issues.push(profileError(p, 'value', 'value[x] is required and must be a valueQuantity', `${path}.valueQuantity`))
    return issues
  }
  const at = `${path}.valueQuantity`
  if (typeof q['value'] !== 'number')
    issues.push(profileError(p, 'value.value', 'valueQuantity.value is required', `${at}.value`))
  if (q['system'] !== UCUM)
    issues.push(profileError(p, 'value.system', `valueQuantity.system must be ${UCUM}`, `${at}.system`))
  if (q['code'] !== v.ucum)
    issues.push(profileError(p, 'value.code', `valueQuantity.code must be "${v.ucum}"`, `${at}.code`))
  if (q['unit'] !== v.unit)
    issues.push(profileError(p, 'value.unit', `valueQuantity.unit must be "${v.unit}"`, `${at}.unit`))
  const value = q['value']
  if (v.range !== undefined && typeof value === 'number' && (value < v.range[0] || value > v.range[1])) {
    issues.push(
      profileWarning(
        p,
        'value.range',
        `${value} is outside the physiological range ${v.range[0]}-${v.range[1]}`,
        `${at}.value`,
      ),
    )
  }
  return issues
}

/**
 * UKCore-Observation-VitalSigns-OxygenSaturation: LOINC 2708-6, valueQuantity in `%` (unit
 * "percent", UCUM) plus the vital-signs base rules. Values outside 0-100 are a warning.
 *
 * @category profiles
 */
export const UK_CORE_OXYGEN_SATURATION: ResourceProfile = {
  url: UK_CORE_OXYGEN_SATURATION_URL,
  resourceType: 'Observation',
  title: 'UK Core Observation Vital Signs Oxygen Saturation',
  validate: (obs, path) =>
    checkVitalSign(obs, path, { prefix: 'ukcore.spo2', loinc: '2708-6', unit: 'percent', ucum: '%', range: [0, 100] }),
}

/**
 * UKCore-Observation-VitalSigns-HeartRate: LOINC 8867-4, valueQuantity in `/min` (unit
 * "per minute", UCUM) plus the vital-signs base rules.
 *
 * @category profiles
 */
export const UK_CORE_HEART_RATE: ResourceProfile = {
  url: UK_CORE_HEART_RATE_URL,
  resourceType: 'Observation',
  title: 'UK Core Observation Vital Signs Heart Rate',
  validate: (obs, path) =>
    checkVitalSign(obs, path, {
      prefix: 'ukcore.heart-rate',
      loinc: '8867-4',
      unit: 'per minute',
      ucum: '/min',
      range: [0, 400],
    }),
}
