import type { CompactConstraint, CompactElement, CompactType } from './r4-definition-types.js'
import { R4_DEFINITIONS } from './r4-definitions.generated.js'

/** What a JSON property name resolves to inside a type. */
export interface PropertyInfo {
  /** element name without `[x]` */
  readonly element: string
  readonly def: CompactElement
  /** the concrete type of this property (`Quantity` for `valueQuantity`) */
  readonly type: string
}

/** A required element and the JSON keys that count as its presence. */
export interface RequiredElement {
  readonly label: string
  readonly min: number
  readonly keys: readonly string[]
}

/** A type with its property lookup built once. */
export interface IndexedType {
  readonly name: string
  readonly kind: CompactType['k']
  readonly elements: Readonly<Record<string, CompactElement>>
  readonly properties: ReadonlyMap<string, PropertyInfo>
  readonly rootConstraints: readonly number[]
  /** elements with min >= 1, with every JSON key that satisfies them (choices, `_field`) */
  readonly required: readonly RequiredElement[]
  /** elements whose max is 1, 0 or a finite bound > 1 */
  readonly choiceElements: readonly string[]
}

const cache = /* @__PURE__ */ new Map<string, IndexedType | null>()

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/** Looks up (and indexes on first use) a type of the R4 table; undefined when unknown. */
export function r4Type(name: string): IndexedType | undefined {
  const hit = cache.get(name)
  if (hit !== undefined) return hit ?? undefined
  const compact = Object.prototype.hasOwnProperty.call(R4_DEFINITIONS.types, name)
    ? R4_DEFINITIONS.types[name]
    : undefined
  const indexed = compact === undefined ? null : indexType(name, compact)
  cache.set(name, indexed)
  return indexed ?? undefined
}

function indexType(name: string, t: CompactType): IndexedType {
  const properties = new Map<string, PropertyInfo>()
  const required: RequiredElement[] = []
  const choiceElements: string[] = []
  for (const [element, def] of Object.entries(t.e)) {
    if (def.ch === 1) {
      choiceElements.push(element)
      for (const type of def.t) properties.set(element + capitalise(type), { element, def, type })
    } else {
      properties.set(element, { element, def, type: def.t[0] ?? 'string' })
    }
    if (def.n > 0) {
      const names = def.ch === 1 ? def.t.map((type) => element + capitalise(type)) : [element]
      required.push({
        label: def.ch === 1 ? `${element}[x]` : element,
        min: def.n,
        keys: names.flatMap((k) => [k, `_${k}`]),
      })
    }
  }
  return { name, kind: t.k, elements: t.e, properties, rootConstraints: t.c ?? [], required, choiceElements }
}

/** True when `name` is a concrete (non-abstract) R4 resource type. */
export function isResourceType(name: string): boolean {
  const t = r4Type(name)
  return t !== undefined && t.kind === 'r' && name !== 'Resource' && name !== 'DomainResource'
}

/** The constraint at an index of the generated table. */
export function r4Constraint(i: number): CompactConstraint | undefined {
  return R4_DEFINITIONS.constraints[i]
}

const bindingSets = /* @__PURE__ */ new Map<string, ReadonlySet<string>>()

/** The expanded codes of a required binding (a small value set). */
export function bindingCodes(url: string): ReadonlySet<string> | undefined {
  let set = bindingSets.get(url)
  if (set === undefined) {
    const codes = R4_DEFINITIONS.bindings[url]
    if (codes === undefined) return undefined
    set = new Set(codes)
    bindingSets.set(url, set)
  }
  return set
}

/** The R4 regex of a primitive type (from its StructureDefinition), anchored. */
export function primitiveRegex(type: string): RegExp | undefined {
  const source = R4_DEFINITIONS.primitives[type]
  return typeof source === 'string' ? new RegExp(`^(?:${source})$`) : undefined
}

/** True when the type code names an R4 primitive type (lower-case first letter). */
export function isPrimitiveType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(R4_DEFINITIONS.primitives, type)
}
