// Generates src/internal/r4/r4-definitions.generated.ts: a compact table of the FHIR R4 (4.0.1)
// base resources and data types, their elements (cardinality, types, required bindings,
// FHIRPath invariants) and the primitive-type regexes, read from the StructureDefinition
// snapshots, ValueSets and CodeSystems shipped in the HL7 npm package hl7.fhir.r4.examples@4.0.1
// (CC0). Run: node packages/validators/scripts/generate-r4-definitions.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = dirname(require.resolve('hl7.fhir.r4.examples/package.json'))
const out = join(here, '../src/internal/r4/r4-definitions.generated.ts')

const files = readdirSync(pkgDir).filter((f) => f.endsWith('.json'))
const load = (f) => JSON.parse(readFileSync(join(pkgDir, f), 'utf8'))
const sds = files.filter((f) => f.startsWith('StructureDefinition-')).map(load)
const valueSets = new Map()
const codeSystems = new Map()
for (const f of files) {
  if (f.startsWith('ValueSet-')) {
    const vs = load(f)
    valueSets.set(vs.url, vs)
  } else if (f.startsWith('CodeSystem-')) {
    const cs = load(f)
    codeSystems.set(cs.url, cs)
  }
}

// Constraints checked natively by the walker (cheaper and with better messages), or needing
// context fhirpath.js cannot give offline (htmlChecks: XHTML rules).
const NATIVE = new Set(['ele-1', 'ext-1', 'txt-1', 'txt-2'])
const MAX_CODES = 2000

const constraints = []
const constraintIndex = new Map()
function constraintId(c, path) {
  const key = `${c.key}|${c.severity}|${c.expression}|${path}`
  let i = constraintIndex.get(key)
  if (i === undefined) {
    i = constraints.length
    constraints.push([c.key, c.severity === 'error' ? 'e' : 'w', c.human, c.expression, path])
    constraintIndex.set(key, i)
  }
  return i
}

const bindings = {}
function expand(url, depth = 0) {
  const vs = valueSets.get(url.split('|')[0])
  if (vs === undefined || depth > 5 || vs.compose === undefined) return undefined
  const codes = new Set()
  for (const inc of vs.compose.include ?? []) {
    if (inc.filter !== undefined) return undefined
    for (const nested of inc.valueSet ?? []) {
      const sub = expand(nested, depth + 1)
      if (sub === undefined) return undefined
      sub.forEach((c) => codes.add(c))
    }
    if (inc.concept !== undefined) inc.concept.forEach((c) => codes.add(c.code))
    else if (inc.system !== undefined) {
      const cs = codeSystems.get(inc.system)
      if (cs === undefined || cs.content !== 'complete' || cs.concept === undefined) return undefined
      const walk = (cs2) => cs2.forEach((c) => (codes.add(c.code), c.concept && walk(c.concept)))
      walk(cs.concept)
    }
  }
  for (const exc of vs.compose.exclude ?? []) {
    if (exc.concept === undefined) return undefined
    exc.concept.forEach((c) => codes.delete(c.code))
  }
  return codes.size > 0 && codes.size <= MAX_CODES ? [...codes].sort() : undefined
}
function bindingId(binding) {
  if (binding?.strength !== 'required' || binding.valueSet === undefined) return undefined
  const url = binding.valueSet.split('|')[0]
  if (!(url in bindings)) bindings[url] = expand(url) ?? null
  return bindings[url] === null ? undefined : url
}

function typeCodes(el) {
  return (el.type ?? []).map((t) => {
    if (t.code.startsWith('http://hl7.org/fhirpath/System.')) {
      const fhirType = (t.extension ?? []).find((x) => x.url.endsWith('structuredefinition-fhir-type'))
      return fhirType?.valueUrl ?? 'string'
    }
    return t.code
  })
}

const types = {}
function addType(sd) {
  const root = sd.type
  const rename = (p) => (p === root || p.startsWith(root + '.') ? sd.id + p.slice(root.length) : p)
  const els = sd.snapshot.element
  for (const el of els) {
    const path = rename(el.path)
    const dot = path.lastIndexOf('.')
    const parent = dot < 0 ? undefined : path.slice(0, dot)
    const isBackbone = els.some((e) => rename(e.path).startsWith(path + '.')) && dot >= 0
    if (dot < 0 || isBackbone) {
      types[path] ??= { k: dot < 0 ? kindOf(sd) : 'b', e: {} }
      const cs = (el.constraint ?? []).filter((c) => !NATIVE.has(c.key)).map((c) => constraintId(c, path))
      if (cs.length > 0 && dot < 0) types[path].c = cs
    }
    if (parent === undefined || el.path.includes(':')) continue
    let name = path.slice(dot + 1)
    const choice = name.endsWith('[x]')
    if (choice) name = name.slice(0, -3)
    let t = typeCodes(el)
    if (el.contentReference !== undefined) t = [el.contentReference.slice(1)]
    else if (isBackbone) t = [path]
    if (path === `${sd.id}.id` && types[sd.id].k === 'r') t = ['id']
    const def = { n: el.min, x: el.max === '*' ? -1 : Number(el.max), t }
    const targets = referenceTargets(el)
    if (targets !== undefined) def.r = targets
    if (choice) def.ch = 1
    const b =
      t.length === 1 && (t[0] === 'code' || t[0] === 'Coding' || t[0] === 'CodeableConcept')
        ? bindingId(el.binding)
        : undefined
    if (b !== undefined) def.b = b
    const cs = (el.constraint ?? []).filter((c) => !NATIVE.has(c.key)).map((c) => constraintId(c, path))
    if (cs.length > 0 && !isBackbone) def.c = cs
    if (isBackbone && cs.length > 0) types[path].c = cs
    types[parent].e[name] = def
  }
}
// Resource types a Reference element may point at (type.targetProfile); undefined when any.
function referenceTargets(el) {
  const ref = (el.type ?? []).find((t) => t.code === 'Reference')
  const names = (ref?.targetProfile ?? []).map((u) => u.split('/').pop())
  if (names.length === 0 || names.includes('Resource')) return undefined
  return names
}
function kindOf(sd) {
  if (sd.kind === 'resource') return 'r'
  return 'c'
}

const primitives = {}
for (const sd of sds) {
  if (sd.kind === 'primitive-type' && sd.derivation === 'specialization') {
    const value = sd.snapshot.element.find((e) => e.path === `${sd.type}.value`)
    const regex = (value?.type?.[0]?.extension ?? []).find((x) => x.url.endsWith('/regex'))?.valueString
    primitives[sd.id] = regex ?? null
  }
  const wanted =
    (sd.kind === 'resource' && (sd.derivation === 'specialization' || sd.abstract)) ||
    (sd.kind === 'complex-type' && sd.derivation === 'specialization') ||
    (sd.kind === 'complex-type' && (sd.id === 'SimpleQuantity' || sd.id === 'MoneyQuantity')) ||
    sd.id === 'Element' ||
    sd.id === 'BackboneElement'
  if (wanted && sd.snapshot !== undefined) addType(sd)
}

const header = `// GENERATED by scripts/generate-r4-definitions.mjs from hl7.fhir.r4.examples@4.0.1 (HL7, CC0).
// Do not edit by hand. Compact form of the FHIR R4 StructureDefinition snapshots.
/* eslint-disable */
import type { R4Definitions } from './r4-definition-types.js'

export const R4_DEFINITIONS: R4Definitions = `
writeFileSync(
  out,
  header +
    JSON.stringify({
      types,
      constraints,
      bindings: Object.fromEntries(Object.entries(bindings).filter(([, v]) => v !== null)),
      primitives,
    }) +
    '\n',
)
console.log(
  `types ${Object.keys(types).length}, constraints ${constraints.length}, bindings ${Object.values(bindings).filter((v) => v !== null).length}/${Object.keys(bindings).length}, primitives ${Object.keys(primitives).length}`,
)
