import { quote } from '../quote.js'
import { R4_EXTENSIONS } from './r4-extensions.generated.js'
import type { WalkContext } from './walk-context.js'

// Extensions against their definitions (R4 extensibility.html, StructureDefinition.context):
// a core R4 extension must be used where its context allows and with a value of an allowed type;
// an extension URL that is neither core nor known to the caller is reported with the configured
// severity (the reference validator refuses unknown extensions unless told to allow them).

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const CORE_PREFIX = 'http://hl7.org/fhir/StructureDefinition/'
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1)

export function checkExtensionDefinitions(
  list: unknown,
  host: readonly string[],
  path: string,
  ctx: WalkContext,
): void {
  if (!Array.isArray(list)) return
  list.forEach((ext: unknown, i) => {
    if (!isObject(ext) || typeof ext['url'] !== 'string') return
    const url = ext['url']
    // Relative urls name the parts of a complex extension; they are checked by its definition, if any.
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) return
    const at = `${path}[${i}]`
    const def = R4_EXTENSIONS[url.split('|')[0]!]
    if (def === undefined) {
      reportUnknown(url, at, ctx)
      return
    }
    const [contexts, types] = def
    if (contexts.length > 0 && !contexts.some((c) => contextAllows(c, host)))
      ctx.error(
        'structure',
        'fhir.extension.context',
        `extension ${quote(url, 200)} is not allowed on ${host
          .filter((h) => h !== 'Element')
          .slice(0, 2)
          .join(' / ')} (its contexts: ${contexts.join(', ')})`,
        at,
      )
    const valueKey = Object.keys(ext).find((k) => k.startsWith('value'))
    if (valueKey === undefined) return
    const type = valueKey.slice(5)
    if (types.length === 0)
      ctx.error(
        'structure',
        'fhir.extension.value-type',
        `extension ${quote(url, 200)} is complex: it has no value[x]`,
        at,
      )
    else if (!types.includes(type) && !types.includes(lowerFirst(type)))
      ctx.error(
        'structure',
        'fhir.extension.value-type',
        `extension ${quote(url, 200)} takes value[x] of ${types.join(', ')}, not ${valueKey}`,
        `${at}.${valueKey}`,
      )
  })
}

// A context names an element path or a type; "Element" is accepted anywhere, resources included, as
// the R4 definitions themselves use it (structuredefinition-wg on StructureDefinition). It also covers the element's descendants (a
// Questionnaire.item context holds for nested items, Questionnaire.item.item) and, as the R4
// snapshots themselves place structuredefinition-fhir-type (context ElementDefinition.type.code) on
// ElementDefinition.type, a primitive child's context is accepted on its parent.
function contextAllows(context: string, host: readonly string[]): boolean {
  for (const h of host) {
    if (h === context || h.startsWith(`${context}.`)) return true
    if (context.startsWith(`${h}.`) && !context.slice(h.length + 1).includes('.')) return true
  }
  return false
}

function reportUnknown(url: string, at: string, ctx: WalkContext): void {
  const { unknownExtensions, knownExtensions } = ctx.limits
  if (knownExtensions.has(url.split('|')[0]!)) return
  // A URL in the core namespace that is not a core extension is a typo or an invented core extension.
  if (url.startsWith(CORE_PREFIX)) {
    ctx.error('structure', 'fhir.extension.unknown', `${quote(url, 200)} is not an R4 core extension`, at)
    return
  }
  if (unknownExtensions === 'ignore') return
  ctx.report(
    unknownExtensions,
    'not-supported',
    'fhir.extension.unknown',
    `extension ${quote(url, 200)} is not a core R4 extension nor one this validator was given; not checked`,
    at,
  )
}
