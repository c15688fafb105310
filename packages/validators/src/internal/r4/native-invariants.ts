// Native versions of the R4 invariants evaluated on nearly every resource, which dominate the
// cost of running them through fhirpath.js (each call is ~100 µs). Each returns true (holds),
// false (violated) or undefined (not decided here: evaluate the FHIRPath expression instead).
// Expressions are quoted from the R4 snapshots (DomainResource, Reference, Period).

type Json = Record<string, unknown>
type NativeCheck = (node: Json, resource: Json, root: Json) => boolean | undefined

const asObjects = (v: unknown): Json[] =>
  Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : []
const meta = (r: Json): Json => (typeof r['meta'] === 'object' && r['meta'] !== null ? (r['meta'] as Json) : {})

/** Native invariant checks by constraint key. */
export const NATIVE_INVARIANTS: ReadonlyMap<string, NativeCheck> = /* @__PURE__ */ new Map<string, NativeCheck>([
  // dom-2: contained.contained.empty()
  ['dom-2', (n) => asObjects(n['contained']).every((c) => c['contained'] === undefined)],
  // dom-3: each contained resource is referenced ('#id') from elsewhere in the resource, or itself
  // refers to its container ('#'). Any string value equal to '#id' counts as a reference, which is
  // what descendants().reference | .as(canonical) | .as(uri) | .as(url) selects in practice.
  ['dom-3', checkContainedReferenced],
  // dom-4: contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()
  [
    'dom-4',
    (n) =>
      asObjects(n['contained']).every(
        (c) => meta(c)['versionId'] === undefined && meta(c)['lastUpdated'] === undefined,
      ),
  ],
  // dom-5: contained.meta.security.empty()
  ['dom-5', (n) => asObjects(n['contained']).every((c) => meta(c)['security'] === undefined)],
  // dom-6: text.`div`.exists()
  ['dom-6', (n) => typeof n['text'] === 'object' && n['text'] !== null && (n['text'] as Json)['div'] !== undefined],
  // ref-1: reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id)
  ['ref-1', (n, _r, root) => checkLocalReference(n['reference'], root)],
  // per-1: start.hasValue().not() or end.hasValue().not() or (start <= end)
  ['per-1', (n) => checkPeriod(n['start'], n['end'])],
  // Bundle rules run over every entry; fhirpath.js takes minutes on a 100k-entry bundle
  // (isDistinct() is quadratic), so they are native.
  // bdl-1: total.empty() or (type = 'searchset') or (type = 'history')
  ['bdl-1', (n) => n['total'] === undefined || n['type'] === 'searchset' || n['type'] === 'history'],
  // bdl-2: entry.search.empty() or (type = 'searchset')
  ['bdl-2', (n) => n['type'] === 'searchset' || asObjects(n['entry']).every((e) => e['search'] === undefined)],
  // bdl-3: entry.all(request.exists() = (%resource.type = 'batch' or 'transaction' or 'history'))
  ['bdl-3', (n) => entriesAll(n, 'request', ['batch', 'transaction', 'history'])],
  // bdl-4: entry.all(response.exists() = (%resource.type = 'batch-response' or 'transaction-response' or 'history'))
  ['bdl-4', (n) => entriesAll(n, 'response', ['batch-response', 'transaction-response', 'history'])],
  // bdl-5 (per entry): resource.exists() or request.exists() or response.exists()
  ['bdl-5', (n) => n['resource'] !== undefined || n['request'] !== undefined || n['response'] !== undefined],
  // bdl-7: (type = 'history') or entry.where(fullUrl.exists()).select(fullUrl & resource.meta.versionId).isDistinct()
  ['bdl-7', checkDistinctFullUrls],
  // bdl-8 (per entry): fullUrl.contains('/_history/').not()
  ['bdl-8', (n) => typeof n['fullUrl'] !== 'string' || !n['fullUrl'].includes('/_history/')],
  // Simple element-presence rules evaluated on most Quantities and Questionnaire items. `has` is
  // FHIRPath exists(): a primitive present only through its `_field` extensions exists too. An empty
  // operand of `or` with a false other side gives empty, which passes (only an explicit false fails).
  // qty-3: code.empty() or system.exists()
  ['qty-3', (n) => !has(n, 'code') || has(n, 'system')],
  // cpt-2: value.empty() or system.exists()
  ['cpt-2', (n) => !has(n, 'value') || has(n, 'system')],
  // exp-1: expression.exists() or reference.exists()
  ['exp-1', (n) => has(n, 'expression') || has(n, 'reference')],
  // qrs-1: (answer.exists() and item.exists()).not()
  ['qrs-1', (n) => !(has(n, 'answer') && has(n, 'item'))],
  // que-3: type!='display' or code.empty()
  ['que-3', (n) => itemRule(n, (type) => type !== 'display' || !has(n, 'code'))],
  // que-4: answerOption.empty() or answerValueSet.empty()
  ['que-4', (n) => !has(n, 'answerOption') || !has(n, 'answerValueSet')],
  // que-6: type!='display' or (required.empty() and repeats.empty())
  ['que-6', (n) => itemRule(n, (type) => type !== 'display' || (!has(n, 'required') && !has(n, 'repeats')))],
  // que-8: (type!='group' and type!='display') or initial.empty()
  ['que-8', (n) => itemRule(n, (type) => (type !== 'group' && type !== 'display') || !has(n, 'initial'))],
  // que-9: type!='display' or readOnly.empty()
  ['que-9', (n) => itemRule(n, (type) => type !== 'display' || !has(n, 'readOnly'))],
  // que-11: answerOption.empty() or initial.empty()
  ['que-11', (n) => !has(n, 'answerOption') || !has(n, 'initial')],
  // que-12 as its text says (invariants.ts CORRECTED_EXPRESSIONS): enableWhen.count() > 1 implies enableBehavior.exists()
  ['que-12', (n) => count(n['enableWhen']) <= 1 || has(n, 'enableBehavior')],
  // que-13: repeats=true or initial.count() <= 1 (repeats absent: empty or false = empty, which passes)
  [
    'que-13',
    (n) => {
      const r = n['repeats']
      if (r === true || count(n['initial']) <= 1 || r === undefined) return true
      return r === false ? false : undefined
    },
  ],
  // que-1: (type='group' implies item.empty().not()) and (type='display' implies item.empty())
  [
    'que-1',
    (n) => itemRule(n, (type) => (type !== 'group' || has(n, 'item')) && (type !== 'display' || !has(n, 'item'))),
  ],
  // que-10: (type in ('boolean' | 'decimal' | 'integer' | 'string' | 'text' | 'url' | 'open-choice')) or maxLength.empty()
  ['que-10', (n) => itemRule(n, (type) => MAX_LENGTH_TYPES.has(type) || !has(n, 'maxLength'))],
  // tim-1 / tim-2: duration.empty() or durationUnit.exists(); period.empty() or periodUnit.exists()
  ['tim-1', (n) => !has(n, 'duration') || has(n, 'durationUnit')],
  ['tim-2', (n) => !has(n, 'period') || has(n, 'periodUnit')],
  // tim-4 / tim-5: duration.exists() implies duration >= 0 (an extension-only value compares as empty)
  ['tim-4', (n) => nonNegative(n['duration'])],
  ['tim-5', (n) => nonNegative(n['period'])],
  // tim-6 / tim-7 / tim-8: periodMax.empty() or period.exists(), and the same for duration and count
  ['tim-6', (n) => !has(n, 'periodMax') || has(n, 'period')],
  ['tim-7', (n) => !has(n, 'durationMax') || has(n, 'duration')],
  ['tim-8', (n) => !has(n, 'countMax') || has(n, 'count')],
  // tim-10: timeOfDay.empty() or when.empty()
  ['tim-10', (n) => !has(n, 'timeOfDay') || !has(n, 'when')],
  // att-1: data.empty() or contentType.exists()
  ['att-1', (n) => !has(n, 'data') || has(n, 'contentType')],
  // obs-6: dataAbsentReason.empty() or value.empty() (value[x]: any valueX or _valueX)
  ['obs-6', (n) => !has(n, 'dataAbsentReason') || !Object.keys(n).some((k) => /^_?value[A-Z]/.test(k))],
  // txt-1 and txt-2 (htmlChecks()) are checked in full, with the offending element or attribute named,
  // where the walk meets Narrative.div (xhtml.ts); here they only stop the FHIRPath stub being queued.
  ['txt-1', () => true],
  ['txt-2', () => true],
])

const has = (n: Json, key: string): boolean => n[key] !== undefined || n[`_${key}`] !== undefined
const MAX_LENGTH_TYPES = /* @__PURE__ */ new Set([
  'boolean',
  'decimal',
  'integer',
  'string',
  'text',
  'url',
  'open-choice',
])
const nonNegative = (v: unknown): boolean | undefined =>
  typeof v === 'number' ? v >= 0 : v === undefined ? true : undefined
const count = (v: unknown): number => (v === undefined ? 0 : Array.isArray(v) ? v.length : 1)

// Questionnaire.item rules keyed on `type`: a missing type gives `{} or X`, which never fails; a
// non-string type is left to the FHIRPath engine.
function itemRule(n: Json, rule: (type: string) => boolean): boolean | undefined {
  const type = n['type']
  if (type === undefined) return true
  return typeof type === 'string' ? rule(type) : undefined
}

function entriesAll(bundle: Json, key: string, types: readonly string[]): boolean | undefined {
  if (bundle['type'] !== undefined && typeof bundle['type'] !== 'string') return undefined
  const expected = types.includes(String(bundle['type']))
  return asObjects(bundle['entry']).every((e) => (e[key] !== undefined) === expected)
}

function checkDistinctFullUrls(bundle: Json): boolean {
  if (bundle['type'] === 'history') return true
  const seen = new Set<string>()
  for (const e of asObjects(bundle['entry'])) {
    if (typeof e['fullUrl'] !== 'string') continue
    const resource = typeof e['resource'] === 'object' && e['resource'] !== null ? (e['resource'] as Json) : {}
    const version = meta(resource)['versionId']
    const key = `${e['fullUrl']}${typeof version === 'string' ? version : ''}`
    if (seen.has(key)) return false
    seen.add(key)
  }
  return true
}

function checkLocalReference(reference: unknown, root: Json): boolean | undefined {
  if (typeof reference !== 'string' || !reference.startsWith('#')) return true
  const id = reference.slice(1)
  if (id === '') return true // substring(1) of '#' is empty: the rule does not apply
  return asObjects(root['contained']).some((c) => c['id'] === id)
}

// per-1 compares with FHIRPath semantics (FHIRPath N1 §6.2 "Comparison": date/time values are
// compared to their common precision; equal there but of different precision gives empty, which
// passes). Times with zones are compared as instants; a date against a dateTime with a time is
// compared on the date written in each.
const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})?)?)?)?$/

interface Moment {
  /** year, month, day present (1..3) */
  readonly fields: readonly number[]
  /** ms since the epoch, when a time with a zone is present */
  readonly instant: number | undefined
}

function moment(s: string): Moment | undefined {
  const m = DATE_TIME.exec(s)
  if (m === null) return undefined
  const fields = [m[1], m[2], m[3]].filter((x): x is string => x !== undefined).map(Number)
  if (m[4] === undefined || m[7] === undefined) return { fields, instant: undefined }
  const offset = m[7] === 'Z' ? 0 : (m[7][0] === '-' ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(4)))
  const utc = Date.UTC(fields[0]!, fields[1]! - 1, fields[2]!, Number(m[4]), Number(m[5])) + Number(m[6]) * 1000
  return { fields, instant: utc - offset * 60_000 }
}

function checkPeriod(start: unknown, end: unknown): boolean | undefined {
  if (typeof start !== 'string' || typeof end !== 'string') return true
  const a = moment(start)
  const b = moment(end)
  if (a === undefined || b === undefined) return undefined
  if (a.instant !== undefined && b.instant !== undefined) return a.instant <= b.instant
  const common = Math.min(a.fields.length, b.fields.length)
  for (let i = 0; i < common; i++) if (a.fields[i] !== b.fields[i]) return a.fields[i]! < b.fields[i]!
  // equal to the common precision: true when the precisions are equal, empty (passes) otherwise
  return true
}

function checkContainedReferenced(n: Json): boolean {
  const contained = asObjects(n['contained'])
  if (contained.length === 0) return true
  const strings = collectStrings(n)
  return contained.every(
    (c) => (typeof c['id'] === 'string' && strings.has(`#${c['id']}`)) || collectStrings(c).has('#'),
  )
}

function collectStrings(root: unknown): Set<string> {
  const out = new Set<string>()
  const stack: unknown[] = [root]
  let budget = 1_000_000 // bounded even on cyclic input
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop()
    if (typeof v === 'string') out.add(v)
    else if (Array.isArray(v)) for (const x of v) stack.push(x)
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) stack.push(x)
  }
  return out
}
