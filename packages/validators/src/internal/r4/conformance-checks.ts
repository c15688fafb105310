import { issue, type ValidationIssue } from '../../issue.js'
import { quote } from '../quote.js'
import { isResourceType } from './r4-index.js'

// Consistency rules for SearchParameter and CapabilityStatement that the R4 snapshots do not
// express as invariants (R4 searchparameter.html, search.html, capabilitystatement.html).

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : [])

const PREFIX_TYPES = /* @__PURE__ */ new Set(['number', 'date', 'quantity']) // R4 search.html#prefix: comparators apply to these
const URL_SAFE_CODE = /^[A-Za-z0-9_$][A-Za-z0-9_\-.$]*$/

/** Checks one SearchParameter. */
export function checkSearchParameter(sp: Json, path: string): ValidationIssue[] {
  const out: ValidationIssue[] = []
  const type = sp['type']
  const composite = type === 'composite'
  const hasComponent = sp['component'] !== undefined
  if (composite && !hasComponent)
    out.push(
      issue(
        'error',
        'business-rule',
        'fhir.searchparameter.component',
        'a composite search parameter needs component (searchparameter.html#composite)',
        `${path}.component`,
      ),
    )
  if (!composite && hasComponent && typeof type === 'string')
    out.push(
      issue(
        'error',
        'business-rule',
        'fhir.searchparameter.component',
        `component is only for composite search parameters, not type ${quote(type)}`,
        `${path}.component`,
      ),
    )
  if (sp['target'] !== undefined && typeof type === 'string' && type !== 'reference')
    out.push(
      issue(
        'warning',
        'business-rule',
        'fhir.searchparameter.target',
        `target lists resource types, which only a reference parameter can point to (type is ${quote(type)})`,
        `${path}.target`,
      ),
    )
  if (sp['comparator'] !== undefined && typeof type === 'string' && !PREFIX_TYPES.has(type))
    out.push(
      issue(
        'warning',
        'business-rule',
        'fhir.searchparameter.comparator',
        `comparators apply to number, date and quantity parameters (search.html#prefix), not ${quote(type)}`,
        `${path}.comparator`,
      ),
    )
  // _text, _content, _query... are defined by their behaviour (search.html#all), not by an expression.
  const general = typeof sp['code'] === 'string' && sp['code'].startsWith('_')
  if (
    sp['expression'] === undefined &&
    !general &&
    typeof type === 'string' &&
    type !== 'composite' &&
    type !== 'special'
  )
    out.push(
      issue(
        'warning',
        'business-rule',
        'fhir.searchparameter.expression',
        'without an expression a server cannot index this parameter',
        `${path}.expression`,
      ),
    )
  const code = sp['code']
  if (typeof code === 'string' && !URL_SAFE_CODE.test(code))
    out.push(
      issue(
        'error',
        'value',
        'fhir.searchparameter.code',
        `code ${quote(code)} is used as a URL parameter name: letters, digits, _ - . $ only`,
        `${path}.code`,
      ),
    )
  return out
}

/**
 * Checks a CapabilityStatement's search parameters against the definitions they name: one given in
 * the same input (a Bundle) must have the same type and list the resource in its base; a core one
 * (`http://hl7.org/fhir/SearchParameter/<Type>-<code>`) must be for the same resource type.
 */
export function checkCapabilityStatement(
  cs: Json,
  path: string,
  searchParameters: ReadonlyMap<string, Json>,
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  objects(cs['rest']).forEach((rest, r) => {
    objects(rest['resource']).forEach((res, i) => {
      const type = res['type']
      if (typeof type !== 'string') return
      objects(res['searchParam']).forEach((p, j) => {
        const at = `${path}.rest[${r}].resource[${i}].searchParam[${j}]`
        const definition = typeof p['definition'] === 'string' ? p['definition'].split('|')[0]! : undefined
        if (definition === undefined) return
        const sp = searchParameters.get(definition)
        if (sp !== undefined) {
          if (typeof sp['type'] === 'string' && typeof p['type'] === 'string' && sp['type'] !== p['type'])
            out.push(
              issue(
                'error',
                'business-rule',
                'fhir.capabilitystatement.searchparam-type',
                `searchParam ${quote(String(p['name']))} has type ${quote(p['type'])} but its definition ${quote(definition, 120)} has type ${quote(sp['type'])}`,
                `${at}.type`,
              ),
            )
          const base = Array.isArray(sp['base']) ? sp['base'] : []
          if (base.length > 0 && !base.some((b) => b === type || b === 'Resource' || b === 'DomainResource'))
            out.push(
              issue(
                'error',
                'business-rule',
                'fhir.capabilitystatement.searchparam-base',
                `definition ${quote(definition, 120)} is for ${base.join(', ')}, not ${type}`,
                `${at}.definition`,
              ),
            )
          return
        }
        const core = /^http:\/\/hl7\.org\/fhir\/SearchParameter\/([A-Z][A-Za-z]+)-[\w-]+$/.exec(definition)
        const coreBase = core?.[1]
        if (coreBase !== undefined && isResourceType(coreBase) && coreBase !== type)
          out.push(
            issue(
              'error',
              'business-rule',
              'fhir.capabilitystatement.searchparam-base',
              `definition ${quote(definition, 120)} is a ${coreBase} search parameter, not one of ${type}`,
              `${at}.definition`,
            ),
          )
      })
    })
  })
  return out
}
