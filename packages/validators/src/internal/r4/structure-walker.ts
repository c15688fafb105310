import { quote } from '../quote.js'
import {
  checkBundleReferences,
  checkCodeBinding,
  checkCodingBinding,
  checkReferenceTarget,
  checkUcumCode,
  hasDataAbsentReason,
  noCode,
  noteReference,
  QUANTITY_TYPES,
} from './element-checks.js'
import { checkAttachment } from './attachment-check.js'
import { checkBundleLinks, checkDocumentReferences, checkEntry } from './bundle-checks.js'
import { checkExtensionDefinitions } from './extension-check.js'
import { checkMarkdown } from './markdown-check.js'
import { NATIVE_INVARIANTS } from './native-invariants.js'
import { checkPrimitive, describe } from './primitive-check.js'
import {
  bindingCodes,
  type IndexedType,
  isPrimitiveType,
  isResourceType,
  type PropertyInfo,
  r4Constraint,
  r4Type,
} from './r4-index.js'
import type { BundleScope, WalkContext } from './walk-context.js'
import { checkXhtml } from './xhtml.js'

// The structural walk over a JSON resource, driven by the generated R4 snapshot table:
// unknown elements, JSON shapes, arrays vs single values, cardinality, primitives, choice
// types, `_field` primitive extensions, required bindings. Invariants are queued, not run here.

type Json = Record<string, unknown>

interface Scope {
  readonly ctx: WalkContext
  /** the resource that contains the node being walked, and the outermost resource */
  readonly resource: Json
  readonly root: Json
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Validates a JSON value that should be a resource (root, contained, Bundle.entry.resource). */
export function walkResource(value: unknown, path: string, depth: number, ctx: WalkContext, root?: Json): void {
  if (!isObject(value)) {
    ctx.error('structure', 'fhir.resource.not-object', `a resource must be a JSON object, got ${describe(value)}`, path)
    return
  }
  const rt = value['resourceType']
  if (typeof rt !== 'string') {
    ctx.error('required', 'fhir.resource.type-missing', 'resourceType is missing or not a string', path)
    return
  }
  if (!isResourceType(rt)) {
    ctx.error('invalid', 'fhir.resource.type-unknown', `unknown resourceType ${quote(rt)}`, path)
    return
  }
  const type = r4Type(rt)!
  const scope: Scope = { ctx, resource: value, root: root ?? value }
  ctx.resources.push({ resource: value, path: path === '' ? rt : path })
  const here = path === '' ? rt : path
  const bundle: BundleScope | undefined =
    rt === 'Bundle'
      ? {
          type: typeof value['type'] === 'string' ? value['type'] : undefined,
          fullUrls: new Set<string>(),
          entryKeys: new Set<string>(),
          references: [],
        }
      : undefined
  if (bundle !== undefined) ctx.bundles.push(bundle)
  walkComplex(value, type, here, depth, scope, { typeName: rt, resource: true })
  if (bundle !== undefined) {
    ctx.bundles.pop()
    checkBundleLinks(value, here, ctx)
    checkBundleReferences(bundle, ctx)
    checkDocumentReferences(bundle, ctx)
  }
}

/**
 * `host` lists the names an extension context may use for this node (R4 StructureDefinition.context of
 * type element): its type, its element path (`Patient.address`, `Address.line`) and the abstract bases.
 */
function walkComplex(
  node: Json,
  type: IndexedType,
  path: string,
  depth: number,
  scope: Scope,
  host: Host = { typeName: type.name },
): void {
  const { ctx } = scope
  if (!ctx.visit(path, depth)) return
  const keys = Object.keys(node)
  if (keys.length === 0 || (keys.length === 1 && keys[0] === 'id')) {
    ctx.error(
      'invalid',
      'fhir.element.empty',
      'an element must have a value or children (ele-1); remove empty objects',
      path,
    )
  }
  let seenChoices: Map<string, string> | undefined
  for (const key of keys) {
    if (key === 'resourceType' && type.kind === 'r') continue
    if (key.charCodeAt(0) === 95 /* _ */) {
      walkPrimitiveExtension(node, key, type, path, depth, scope)
      continue
    }
    const prop = type.properties.get(key)
    if (prop === undefined) {
      reportUnknown(key, type, `${path}.${key}`, ctx)
      continue
    }
    if (prop.def.ch === 1) {
      seenChoices ??= new Map<string, string>()
      const other = seenChoices.get(prop.element)
      if (other !== undefined) {
        ctx.error(
          'structure',
          'fhir.choice.multiple',
          `only one of ${prop.element}[x] is allowed; found ${other} and ${key}`,
          `${path}.${key}`,
        )
      }
      seenChoices.set(prop.element, key)
    }
    walkProperty(node[key], prop, `${path}.${key}`, depth, scope, node[`_${key}`], type.name)
  }
  checkRequired(node, type, path, ctx)
  if (type.name === 'Extension') checkExtension(node, path, ctx)
  if (node['extension'] !== undefined)
    checkExtensionDefinitions(node['extension'], hostNames(host), `${path}.extension`, ctx)
  if (node['modifierExtension'] !== undefined)
    checkExtensionDefinitions(node['modifierExtension'], hostNames(host), `${path}.modifierExtension`, ctx)
  queueInvariants(type.rootConstraints, type.name, node, path, scope)
}

function reportUnknown(key: string, type: IndexedType, path: string, ctx: WalkContext): void {
  const choice = type.choiceElements.find(
    (c) => key.startsWith(c) && key.length > c.length && /^[A-Z]/.test(key.slice(c.length)),
  )
  const hint = choice === undefined ? '' : ` (${choice}[x] allows ${type.elements[choice]!.t.join(', ')})`
  ctx.error('structure', 'fhir.element.unknown', `unknown element "${key}" in ${type.name}${hint}`, path)
}

function walkProperty(
  value: unknown,
  prop: PropertyInfo,
  path: string,
  depth: number,
  scope: Scope,
  ext: unknown,
  owner: string,
): void {
  const { ctx } = scope
  const max = prop.def.x
  if (max === 0) {
    ctx.error('structure', 'fhir.cardinality.prohibited', `${prop.element} is not allowed here (max 0)`, path)
    return
  }
  if (!Array.isArray(value)) {
    if (max !== 1)
      ctx.error(
        'structure',
        'fhir.array.expected',
        `${prop.element} repeats (max ${max < 0 ? '*' : max}): it must be a JSON array`,
        path,
      )
    walkValue(value, prop, path, depth + 1, scope, owner)
    return
  }
  if (max === 1) {
    ctx.error('structure', 'fhir.array.unexpected', `${prop.element} has max 1: it must not be a JSON array`, path)
    return
  }
  if (value.length === 0)
    ctx.error('structure', 'fhir.array.empty', 'arrays must not be empty (omit the element instead)', path)
  if (max > 1 && value.length > max)
    ctx.error(
      'structure',
      'fhir.cardinality.max',
      `${prop.element} allows at most ${max} items, found ${value.length}`,
      path,
    )
  const extArray = Array.isArray(ext) ? ext : undefined
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i]
    if (item === null && extArray !== undefined && isObject(extArray[i]) && isPrimitiveType(prop.type)) continue
    walkValue(item, prop, `${path}[${i}]`, depth + 1, scope, owner)
  }
}

function walkValue(value: unknown, prop: PropertyInfo, path: string, depth: number, scope: Scope, owner: string): void {
  const { ctx } = scope
  const type = prop.type
  if (value === null) {
    ctx.error('structure', 'fhir.null', 'null is not allowed (omit the element instead)', path)
    return
  }
  if (isPrimitiveType(type)) {
    const why = checkPrimitive(value, type)
    if (why !== undefined)
      ctx.error(
        why.startsWith('must be a JSON') ? 'structure' : 'value',
        `fhir.primitive.${type}`,
        `${type}: ${why}`,
        path,
      )
    else if (prop.def.b !== undefined && typeof value === 'string') checkCodeBinding(value, prop.def.b, path, ctx)
    else if (type === 'xhtml' && typeof value === 'string') reportXhtml(value, path, ctx)
    else if (type === 'markdown' && typeof value === 'string') checkMarkdown(value, path, ctx)
    return
  }
  if (type === 'Resource') {
    // Only a contained resource keeps its container as %rootResource (R4 fhirpath.html#variables:
    // "%rootResource ... the container resource for the resource identified by %resource"); a
    // Bundle.entry.resource or Parameters.parameter.resource is its own root, so ref-1 resolves '#id'
    // in the entry's own resource, not in the Bundle or Parameters around it.
    walkResource(value, path, depth, ctx, prop.element === 'contained' ? scope.root : undefined)
    return
  }
  const t = r4Type(type)
  if (t === undefined) return
  if (!isObject(value)) {
    ctx.error('structure', 'fhir.object.expected', `${type} must be a JSON object, got ${describe(value)}`, path)
    return
  }
  walkComplex(value, t, path, depth, scope, { typeName: t.name, owner, prop })
  if (prop.def.b !== undefined) checkCodingBinding(value, type, prop.def.b, path, ctx)
  if (prop.def.c !== undefined && prop.def.ch !== 1) queueInvariants(prop.def.c, type, value, path, scope)
  if (type === 'Reference') {
    noteReference(value, path, ctx)
    if (prop.def.r !== undefined) checkReferenceTarget(value, prop.def.r, path, ctx)
  }
  if (QUANTITY_TYPES.has(type)) checkUcumCode(value, path, ctx)
  if (type === 'Bundle.entry') checkEntry(value, path, ctx)
  if (type === 'Attachment') checkAttachment(value, path, ctx)
}

/** Where a node sits, for extension contexts; names are built only when the node has extensions. */
interface Host {
  readonly typeName: string
  readonly owner?: string
  readonly prop?: PropertyInfo
  readonly resource?: boolean
}

function hostNames({ typeName, owner, prop, resource }: Host): string[] {
  if (resource === true) return [typeName, 'Element', 'Resource', 'DomainResource']
  const names = [typeName, 'Element']
  if (owner !== undefined && prop !== undefined) {
    names.splice(1, 0, `${owner}.${prop.element}`)
    if (prop.def.ch === 1) names.push(`${owner}.${prop.element}[x]`)
  }
  if (typeName.includes('.')) names.push('BackboneElement')
  return names
}

function reportXhtml(div: string, path: string, ctx: WalkContext): void {
  for (const p of checkXhtml(div)) {
    if (p.rule === 'xhtml') ctx.error('value', 'fhir.xhtml.invalid', `xhtml: ${p.message}`, path)
    else ctx.error('invariant', `fhir.invariant.${p.rule}`, p.message, path)
  }
}

function walkPrimitiveExtension(
  node: Json,
  key: string,
  type: IndexedType,
  path: string,
  depth: number,
  scope: Scope,
): void {
  const { ctx } = scope
  const baseKey = key.slice(1)
  // Resource.id, Element.id and Extension.url are System.String in the R4 snapshots, not FHIR
  // primitives: they have no id or extensions, so `_id` / `_url` cannot exist (R4 json.html#primitive).
  if (baseKey === 'id' || (baseKey === 'url' && type.name === 'Extension')) {
    ctx.error(
      'structure',
      'fhir.primitive-extension.not-allowed',
      `${type.name}.${baseKey} cannot have extensions: R4 types it System.String, so "${key}" is not allowed`,
      `${path}.${key}`,
    )
    return
  }
  const prop = type.properties.get(baseKey)
  if (prop === undefined || !isPrimitiveType(prop.type)) {
    ctx.error(
      'structure',
      'fhir.element.unknown',
      `unknown element "${key}": _ is only for extensions of primitive elements`,
      `${path}.${key}`,
    )
    return
  }
  const element = r4Type('Element')!
  const ext = node[key]
  const base = node[baseKey]
  if (Array.isArray(ext)) {
    if (base !== undefined && (!Array.isArray(base) || base.length !== ext.length)) {
      ctx.error(
        'structure',
        'fhir.primitive-extension.misaligned',
        `${key} must be an array aligned with ${baseKey}`,
        `${path}.${key}`,
      )
    }
    ext.forEach((item: unknown, i) => {
      if (item === null) {
        if (Array.isArray(base) && base[i] === null)
          ctx.error(
            'structure',
            'fhir.null',
            `${baseKey}[${i}] has neither a value nor an extension`,
            `${path}.${baseKey}[${i}]`,
          )
      } else if (isObject(item))
        walkComplex(item, element, `${path}.${baseKey}[${i}]`, depth + 1, scope, {
          typeName: prop.type,
          owner: type.name,
          prop,
        })
      else
        ctx.error('structure', 'fhir.object.expected', `${key}[${i}] must be an object or null`, `${path}.${key}[${i}]`)
    })
    return
  }
  if (!isObject(ext)) {
    ctx.error(
      'structure',
      'fhir.object.expected',
      `${key} must be a JSON object, got ${describe(ext)}`,
      `${path}.${key}`,
    )
    return
  }
  walkComplex(ext, element, `${path}.${baseKey}`, depth + 1, scope, { typeName: prop.type, owner: type.name, prop })
  if (
    base === undefined &&
    prop.def.b !== undefined &&
    bindingCodes(prop.def.b) !== undefined &&
    !hasDataAbsentReason(ext)
  )
    ctx.error('code-invalid', 'fhir.binding.required-missing', noCode(prop.def.b), `${path}.${baseKey}`)
}

function checkRequired(node: Json, type: IndexedType, path: string, ctx: WalkContext): void {
  for (const { label, min, keys } of type.required) {
    if (keys.some((k) => node[k] !== undefined)) continue
    ctx.error(
      'required',
      'fhir.cardinality.min',
      `${label} is required (min ${min}) in ${type.name}`,
      `${path}.${label}`,
    )
  }
}

function checkExtension(node: Json, path: string, ctx: WalkContext): void {
  const hasValueX = Object.keys(node).some((k) => k.startsWith('value') || k.startsWith('_value'))
  const hasNested = node['extension'] !== undefined
  if (hasValueX === hasNested) {
    ctx.error(
      'invariant',
      'fhir.invariant.ext-1',
      'an extension must have either extensions or a value[x], not both (ext-1)',
      path,
    )
  }
}

function queueInvariants(constraints: readonly number[], base: string, node: Json, path: string, scope: Scope): void {
  for (const constraint of constraints) {
    const c = r4Constraint(constraint)
    const native = c === undefined ? undefined : NATIVE_INVARIANTS.get(c[0])
    const verdict = native === undefined ? undefined : native(node, scope.resource, scope.root)
    if (verdict === false) {
      scope.ctx.report(
        c![1] === 'e' ? 'error' : 'warning',
        'invariant',
        `fhir.invariant.${c![0]}`,
        `${c![0]}: ${c![2]}`,
        path,
      )
    }
    if (verdict === undefined)
      scope.ctx.invariants.push({ constraint, base, node, path, resource: scope.resource, root: scope.root })
  }
}
