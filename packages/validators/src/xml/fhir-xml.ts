import * as E from 'fp-ts/lib/Either.js'

import { isPrimitiveType, isResourceType, type PropertyInfo, r4Type } from '../internal/r4/r4-index.js'
import { type FhirXmlError, fhirXmlError } from './fhir-xml-error.js'
import { readXml, type XmlElement } from './xml-tokenizer.js'

// FHIR R4 XML <-> JSON (R4 xml.html and json.html): resources are elements named by their type in the
// namespace http://hl7.org/fhir; primitives are elements with a `value` attribute (their id and
// extensions are the `_name` sibling in JSON); Element.id and Extension.url are attributes; nested
// resources sit inside a wrapper element (contained, entry.resource, parameter.resource); the
// narrative div is XHTML kept verbatim. Element order in XML follows the definitions (R4 snapshots).

type Json = Record<string, unknown>

export const FHIR_NAMESPACE = 'http://hl7.org/fhir'

/** Options of {@link parseFhirXml}. @category xml */
export interface ParseFhirXmlOptions {
  /** Largest text accepted, in UTF-16 code units (default 64 Mi). */
  readonly maxLength?: number
  /** Deepest element nesting (default 256). */
  readonly maxDepth?: number
}

const NUMERIC = /* @__PURE__ */ new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal', 'integer64'])
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Reads an R4 resource written in FHIR XML into its FHIR JSON form. Refuses a DOCTYPE, entity
 * definitions, undefined entities, too deep nesting or too long text with a typed {@link FhirXmlError}.
 *
 * @example
 * const r = parseFhirXml('<Patient xmlns="http://hl7.org/fhir"><id value="p1"/></Patient>')
 * // right({ resourceType: 'Patient', id: 'p1' })
 * @category xml
 */
export function parseFhirXml(text: string, options: ParseFhirXmlOptions = {}): E.Either<FhirXmlError, Json> {
  const maxLength = options.maxLength ?? 64 * 1024 * 1024
  if (text.length > maxLength)
    return E.left(
      fhirXmlError('too-large', `XML of ${text.length} characters is longer than the limit of ${maxLength}`),
    )
  const root = readXml(text, options.maxDepth ?? 256)
  if ('_tag' in root) return E.left(root)
  if (root.attributes.get('xmlns') !== FHIR_NAMESPACE)
    return E.left(
      fhirXmlError('not-fhir', `the root element <${root.name}> is not in the FHIR namespace ${FHIR_NAMESPACE}`, {
        offset: root.start,
      }),
    )
  try {
    return E.right(resourceFromXml(root, text))
  } catch (e) {
    if (isObject(e) && e['_tag'] === 'FhirXmlError') return E.left(e as unknown as FhirXmlError)
    throw e
  }
}

// R4 xml.html: FHIR elements carry only `value`, `id`, Extension `url` and namespace declarations.
// Any other attribute would be dropped on the way to JSON, so it is refused instead.
function checkAttributes(el: XmlElement, allowed: readonly string[]): void {
  for (const name of el.attributes.keys())
    if (!allowed.includes(name) && name !== 'xmlns' && !name.startsWith('xmlns:'))
      throw fhirXmlError('malformed', `attribute ${name} is not allowed on <${el.name}> in FHIR XML`, {
        offset: el.start,
      })
}

function resourceFromXml(el: XmlElement, text: string): Json {
  checkAttributes(el, [])
  const out: Json = { resourceType: el.name }
  const type = isResourceType(el.name) ? r4Type(el.name) : undefined
  fill(out, el, type?.properties, text)
  return out
}

function fill(out: Json, el: XmlElement, props: ReadonlyMap<string, PropertyInfo> | undefined, text: string): void {
  for (const child of el.children) {
    const prop = props?.get(child.name)
    const repeats = prop === undefined ? out[child.name] !== undefined : prop.def.x !== 1
    const value = valueFromXml(child, prop, text)
    if (value.kind === 'primitive') {
      addPrimitive(out, child.name, value.value, value.element, repeats)
      continue
    }
    if (repeats) {
      const existing = out[child.name]
      if (existing !== undefined && !Array.isArray(existing)) out[child.name] = [existing, value.value]
      else ((out[child.name] ??= []) as unknown[]).push(value.value)
    } else out[child.name] = value.value
  }
  // A repeating primitive present only through its extensions has no value array in JSON (json.html#primitive).
  for (const [key, v] of Object.entries(out))
    if (Array.isArray(v) && v.every((x) => x === null) && out[`_${key}`] !== undefined) delete out[key]
}

type Converted = { kind: 'primitive'; value: unknown; element: Json | undefined } | { kind: 'complex'; value: unknown }

function valueFromXml(el: XmlElement, prop: PropertyInfo | undefined, text: string): Converted {
  const type = prop?.type
  if (type === 'xhtml') return { kind: 'complex', value: text.slice(el.start, el.end) }
  if (type === 'Resource') {
    if (el.children.length !== 1)
      throw fhirXmlError('not-a-resource', `<${el.name}> must hold exactly one resource`, { offset: el.start })
    return { kind: 'complex', value: resourceFromXml(el.children[0]!, text) }
  }
  const primitive =
    type !== undefined
      ? isPrimitiveType(type)
      : el.attributes.has('value') && el.children.every((c) => c.name === 'extension')
  if (primitive) {
    checkAttributes(el, ['value', 'id'])
    const raw = el.attributes.get('value')
    const element: Json = {}
    const id = el.attributes.get('id')
    if (id !== undefined) element['id'] = id
    const ext = el.children.filter((c) => c.name === 'extension').map((c) => complexFromXml(c, 'Extension', text))
    if (ext.length > 0) element['extension'] = ext
    return {
      kind: 'primitive',
      value: raw === undefined ? undefined : typed(raw, type),
      element: Object.keys(element).length > 0 ? element : undefined,
    }
  }
  return { kind: 'complex', value: complexFromXml(el, type, text) }
}

function complexFromXml(el: XmlElement, type: string | undefined, text: string): Json {
  checkAttributes(el, type === 'Extension' ? ['id', 'url'] : ['id'])
  const out: Json = {}
  const id = el.attributes.get('id')
  if (id !== undefined) out['id'] = id
  const url = el.attributes.get('url')
  if (url !== undefined && type === 'Extension') out['url'] = url
  fill(out, el, type === undefined ? undefined : r4Type(type)?.properties, text)
  return out
}

// JSON types of primitives (R4 json.html#primitive): boolean and numbers are JSON values, the rest strings.
function typed(raw: string, type: string | undefined): unknown {
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw
  if (type !== undefined && NUMERIC.has(type) && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(raw))
    return Number(raw)
  return raw
}

function addPrimitive(out: Json, name: string, value: unknown, element: Json | undefined, repeats: boolean): void {
  if (!repeats) {
    if (value !== undefined) out[name] = value
    if (element !== undefined) out[`_${name}`] = element
    return
  }
  const values = (out[name] ??= []) as unknown[]
  const elements = out[`_${name}`] as (Json | null)[] | undefined
  values.push(value === undefined ? null : value)
  if (element !== undefined || elements !== undefined) {
    const list = elements ?? values.slice(0, -1).map(() => null)
    list.push(element ?? null)
    out[`_${name}`] = list
  }
}

// ---------------------------------------------------------------- JSON -> XML

const escapeAttribute = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')

/**
 * Writes an R4 resource (FHIR JSON) as FHIR XML, elements in definition order. Properties unknown to
 * the R4 definitions are written after the known ones, so a round trip keeps them for validation.
 *
 * @example
 * toFhirXml({ resourceType: 'Patient', id: 'p1' }) // right('<Patient xmlns="http://hl7.org/fhir"><id value="p1"/></Patient>')
 * @category xml
 */
export function toFhirXml(resource: Json): E.Either<FhirXmlError, string> {
  try {
    return E.right(resourceToXml(resource, true, '', 0))
  } catch (e) {
    if (isObject(e) && e['_tag'] === 'FhirXmlError') return E.left(e as unknown as FhirXmlError)
    throw e
  }
}

const MAX_WRITE_DEPTH = 256

function resourceToXml(r: unknown, root: boolean, path: string, depth: number): string {
  if (!isObject(r) || typeof r['resourceType'] !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(r['resourceType']))
    throw fhirXmlError('not-a-resource', 'a resource needs a resourceType', { path })
  const rt = r['resourceType']
  // Nested resources repeat the (same) namespace declaration: harmless, and each stands alone.
  void root
  return `<${rt} xmlns="${FHIR_NAMESPACE}">${childrenToXml(r, rt, `${path === '' ? rt : path}`, depth + 1)}</${rt}>`
}

function orderedKeys(node: Json, typeName: string): string[] {
  const type = r4Type(typeName)
  const resource = isResourceType(typeName)
  const keys = Object.keys(node).filter((k) => !(resource && k === 'resourceType') && !k.startsWith('_'))
  for (const k of Object.keys(node)) if (k.startsWith('_') && node[k.slice(1)] === undefined) keys.push(k.slice(1))
  if (type === undefined) return keys
  const order = Object.keys(type.elements)
  const rank = (k: string): number => {
    const p = type.properties.get(k)
    const i = p === undefined ? -1 : order.indexOf(p.element)
    return i < 0 ? order.length : i
  }
  return keys
    .map((k, i) => ({ k, r: rank(k), i }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.k)
}

function childrenToXml(node: Json, typeName: string, path: string, depth: number): string {
  if (depth > MAX_WRITE_DEPTH) throw fhirXmlError('too-deep', `nesting deeper than ${MAX_WRITE_DEPTH}`, { path })
  const props = r4Type(typeName)?.properties
  let out = ''
  for (const key of orderedKeys(node, typeName)) {
    if ((key === 'id' || key === 'url') && typeName !== '' && !isResourceType(typeName) && isAttribute(typeName, key))
      continue
    const prop = props?.get(key)
    const value = node[key]
    const ext = node[`_${key}`]
    const type = prop?.type
    const items = Array.isArray(value) ? value : value === undefined ? [] : [value]
    const exts = Array.isArray(ext) ? ext : ext === undefined ? [] : [ext]
    const n = Math.max(items.length, exts.length)
    for (let i = 0; i < n; i++) {
      const v: unknown = items[i]
      const e: unknown = exts[i]
      const at = `${path}.${key}${n > 1 || Array.isArray(value) ? `[${i}]` : ''}`
      out += elementToXml(key, v === null ? undefined : v, isObject(e) ? e : undefined, type, at, depth)
    }
  }
  return out
}

// Element.id and Extension.url are XML attributes; Resource.id is an element.
const isAttribute = (typeName: string, key: string): boolean =>
  key === 'id' || (key === 'url' && typeName === 'Extension')

function elementToXml(
  name: string,
  value: unknown,
  ext: Json | undefined,
  type: string | undefined,
  path: string,
  depth: number,
): string {
  if (type === 'xhtml' && typeof value === 'string') return value
  if (type === 'Resource') return `<${name}>${resourceToXml(value, false, path, depth)}</${name}>`
  const primitive = type !== undefined ? isPrimitiveType(type) : !isObject(value)
  if (primitive) {
    const attrs =
      (ext !== undefined && typeof ext['id'] === 'string' ? ` id="${escapeAttribute(ext['id'])}"` : '') +
      (value === undefined ? '' : ` value="${escapeAttribute(String(value))}"`)
    const extensions = ext === undefined ? '' : extensionsToXml(ext['extension'], `${path}.extension`, depth)
    return extensions === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${extensions}</${name}>`
  }
  if (!isObject(value)) throw fhirXmlError('malformed', `${path} must be an object`, { path })
  let attrs = typeof value['id'] === 'string' ? ` id="${escapeAttribute(value['id'])}"` : ''
  if (type === 'Extension' && typeof value['url'] === 'string') attrs += ` url="${escapeAttribute(value['url'])}"`
  const body = childrenToXml(value, type ?? '', path, depth + 1)
  return body === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`
}

function extensionsToXml(list: unknown, path: string, depth: number): string {
  if (!Array.isArray(list)) return ''
  return list.map((e, i) => elementToXml('extension', e, undefined, 'Extension', `${path}[${i}]`, depth + 1)).join('')
}
