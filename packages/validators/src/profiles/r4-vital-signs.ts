import type { ValidationIssue } from '../issue.js'
import { type Json, objectAt, objectsAt, profileError, referencedType } from './profile-helpers.js'

// The core vital-signs profiles of FHIR R4 (observation-vitalsigns.html, "Vital Signs"): "If
// implementations use this Observation resource to represent vital signs, they SHALL use these
// profiles". The reference validator applies them to every Observation whose code carries one of
// the listed LOINC codes, whether or not meta.profile names them, and so does this module.
// Rules from the R4 vitalsigns StructureDefinition: category vital-signs, subject Reference(Patient),
// effective[x] required (vs-1: a dateTime precise to the day), vs-2 (value, dataAbsentReason,
// component or hasMember), vs-3 (each component has a value or dataAbsentReason), valueQuantity
// with value, unit, system UCUM and a code from the profile's unit value set.

const LOINC = 'http://loinc.org'
const UCUM = 'http://unitsofmeasure.org'
const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category'

/** One R4 vital-signs profile: its LOINC code and the UCUM codes allowed for its value. */
export interface R4VitalSign {
  readonly profile: string
  readonly loinc: string
  readonly title: string
  /** UCUM codes of valueQuantity; empty when the profile has no value of its own (panels). */
  readonly units: readonly string[]
  /** LOINC codes of components that must be present (blood pressure). */
  readonly components?: readonly string[]
}

const sd = (id: string) => `http://hl7.org/fhir/StructureDefinition/${id}`

/** The R4 core vital-signs profiles (observation-vitalsigns.html), by LOINC code. @category profiles */
export const R4_VITAL_SIGNS: ReadonlyMap<string, R4VitalSign> = /* @__PURE__ */ new Map(
  (
    [
      { profile: sd('vitalspanel'), loinc: '85353-1', title: 'Vital signs panel', units: [] },
      { profile: sd('resprate'), loinc: '9279-1', title: 'Respiratory rate', units: ['/min'] },
      { profile: sd('heartrate'), loinc: '8867-4', title: 'Heart rate', units: ['/min'] },
      { profile: sd('oxygensat'), loinc: '2708-6', title: 'Oxygen saturation', units: ['%'] },
      { profile: sd('bodytemp'), loinc: '8310-5', title: 'Body temperature', units: ['Cel', '[degF]'] },
      { profile: sd('bodyheight'), loinc: '8302-2', title: 'Body height', units: ['cm', '[in_i]'] },
      { profile: sd('headcircum'), loinc: '9843-4', title: 'Head circumference', units: ['cm', '[in_i]'] },
      { profile: sd('bodyweight'), loinc: '29463-7', title: 'Body weight', units: ['g', 'kg', '[lb_av]'] },
      { profile: sd('bmi'), loinc: '39156-5', title: 'Body mass index', units: ['kg/m2'] },
      {
        profile: sd('bp'),
        loinc: '85354-9',
        title: 'Blood pressure',
        units: [],
        components: ['8480-6', '8462-4'],
      },
    ] satisfies R4VitalSign[]
  ).map((v) => [v.loinc, v]),
)

const hasValue = (node: Json): boolean => Object.keys(node).some((k) => k.startsWith('value'))

/** The vital-signs profiles that apply to an Observation by its LOINC codes. */
export function vitalSignsFor(obs: Json): R4VitalSign[] {
  const out: R4VitalSign[] = []
  for (const { item } of objectsAt(objectAt(obs, 'code') ?? {}, 'coding')) {
    const v =
      item['system'] === LOINC && typeof item['code'] === 'string' ? R4_VITAL_SIGNS.get(item['code']) : undefined
    if (v !== undefined && !out.includes(v)) out.push(v)
  }
  return out
}

/** Checks an Observation against one R4 vital-signs profile. */
export function checkR4VitalSign(obs: Json, path: string, v: R4VitalSign): ValidationIssue[] {
  const p = 'fhir.vitalsigns'
  const name = v.profile.slice(v.profile.lastIndexOf('/') + 1)
  const issues: ValidationIssue[] = []
  const say = (rule: string, message: string, at: string) =>
    issues.push(profileError(p, rule, `${v.title} (R4 ${name} profile, LOINC ${v.loinc}): ${message}`, at))
  const vsCategory = objectsAt(obs, 'category').some(({ item }) =>
    objectsAt(item, 'coding').some(({ item: c }) => c['system'] === CATEGORY_SYSTEM && c['code'] === 'vital-signs'),
  )
  if (!vsCategory) say('category', `category must include ${CATEGORY_SYSTEM}#vital-signs`, `${path}.category`)
  const subject = objectAt(obs, 'subject')
  if (subject === undefined) say('subject', 'subject is required', `${path}.subject`)
  else {
    const type = referencedType(subject['reference'])
    if (type !== undefined && type !== 'Patient')
      say('subject', `subject must be a Patient, not ${type}`, `${path}.subject`)
  }
  const dt = obs['effectiveDateTime']
  if (dt === undefined && obs['effectivePeriod'] === undefined && obs['_effectiveDateTime'] === undefined)
    say('effective', 'effective[x] is required (dateTime or Period)', `${path}.effective[x]`)
  else if (typeof dt === 'string' && dt.length < 10)
    say('vs-1', 'vs-1: effectiveDateTime must be precise to the day', `${path}.effectiveDateTime`)
  const components = objectsAt(obs, 'component')
  if (
    !hasValue(obs) &&
    obs['dataAbsentReason'] === undefined &&
    components.length === 0 &&
    obs['hasMember'] === undefined
  )
    say('vs-2', 'vs-2: without component or hasMember, a value[x] or a dataAbsentReason is required', path)
  for (const { item, index } of components) {
    if (!hasValue(item) && item['dataAbsentReason'] === undefined)
      say('vs-3', 'vs-3: a component needs a value[x] or a dataAbsentReason', `${path}.component[${index}]`)
  }
  for (const loinc of v.components ?? []) {
    const found = components.find(({ item }) =>
      objectsAt(objectAt(item, 'code') ?? {}, 'coding').some(
        ({ item: c }) => c['system'] === LOINC && c['code'] === loinc,
      ),
    )
    if (found === undefined) say('component', `a component with LOINC ${loinc} is required`, `${path}.component`)
    else checkQuantity(found.item, `${path}.component[${found.index}]`, ['mm[Hg]'], say)
  }
  if (v.units.length > 0) checkQuantity(obs, path, v.units, say)
  return issues
}

function checkQuantity(
  node: Json,
  path: string,
  units: readonly string[],
  say: (rule: string, message: string, at: string) => void,
): void {
  const other = Object.keys(node).find((k) => k.startsWith('value') && k !== 'valueQuantity')
  if (other !== undefined) {
    say('value', `the value must be a valueQuantity, not ${other}`, `${path}.${other}`)
    return
  }
  const q = objectAt(node, 'valueQuantity')
  if (q === undefined) return // absence is vs-2 / vs-3's business
  const at = `${path}.valueQuantity`
  if (q['value'] === undefined) say('value', 'valueQuantity.value is required', `${at}.value`)
  if (q['unit'] === undefined) say('value', 'valueQuantity.unit is required', `${at}.unit`)
  if (q['system'] !== UCUM) say('value', `valueQuantity.system must be ${UCUM}`, `${at}.system`)
  if (typeof q['code'] !== 'string' || !units.includes(q['code']))
    say(
      'value',
      `valueQuantity.code must be one of ${units.map((u) => `"${u}"`).join(', ')} (required binding)`,
      `${at}.code`,
    )
}
