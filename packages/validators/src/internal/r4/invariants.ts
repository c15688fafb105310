import fhirpath from 'fhirpath'
import r4Model from 'fhirpath/fhir-context/r4'

import { r4Constraint } from './r4-index.js'
import type { PendingInvariant, WalkContext } from './walk-context.js'

// FHIRPath invariants (the `constraint` entries of the R4 snapshots), evaluated with fhirpath.js
// once per occurrence of their element. Only an explicit `false` fails: an empty result means the
// rule did not apply (specs/validators.md 2.5; firely-net-sdk #1929). Expressions that need
// outside context (resolve(), memberOf(), conformsTo()) are reported as not evaluated.

type Evaluator = (node: unknown, vars: Record<string, unknown>) => unknown[]

// trace() in ref-1 and dom-3 would otherwise print to the console.
const ignoreTrace = (): void => undefined

const compiled = /* @__PURE__ */ new Map<string, Evaluator | null>()
const NEEDS_CONTEXT = /\b(resolve|memberOf|conformsTo|htmlChecks|subsumes|subsumedBy)\(/

// Profiled quantity types are not in fhirpath's R4 model under their own names.
const FHIRPATH_BASE: Readonly<Record<string, string>> = { SimpleQuantity: 'Quantity', MoneyQuantity: 'Quantity' }

function evaluatorFor(index: number, base: string, expression: string): Evaluator | null {
  const key = `${index}|${base}`
  let fn = compiled.get(key)
  if (fn === undefined) {
    try {
      fn = fhirpath.compile({ base: FHIRPATH_BASE[base] ?? base, expression: adaptExpression(expression) }, r4Model, {
        traceFn: ignoreTrace,
      }) as Evaluator
    } catch {
      fn = null
    }
    compiled.set(key, fn)
  }
  return fn
}

// R4 invariants test FHIR primitives against System types (que-7: `answer is Boolean`); the
// reference (Java) engine accepts a FHIR boolean there, fhirpath.js does not, so ask for the FHIR type.
function adaptExpression(expression: string): string {
  return expression.replace(/\bis Boolean\b/g, 'is boolean')
}

// Known errors in the R4 (4.0.1) snapshot expressions, corrected as the reference validator does.
// que-12 says "If there are more than one enableWhen, enableBehavior must be specified" but its
// expression counts `> 2` (an off-by-one fixed in later versions): evaluate the text's `> 1`.
export const CORRECTED_EXPRESSIONS: Readonly<Record<string, string>> = {
  'que-12': 'enableWhen.count() > 1 implies enableBehavior.exists()',
}

// Exact shortcut: when an expression only reaches the node through a few root elements (no
// %resource, descendants(), $this...), its result on a node lacking all of them is a constant,
// computed once on an empty node. Only the identifiers' presence is tested, so over-collecting
// identifiers (function arguments, type names) can only make the shortcut rarer, never wrong.
const roots = /* @__PURE__ */ new Map<string, readonly string[] | null>()
const emptyVerdict = /* @__PURE__ */ new Map<string, boolean>()
const NOT_ROOT_SAFE =
  /%(?!ucum\b)|\$this|\$index|\$total|descendants\(|children\(|repeat\(|^\s*(where|select|all|exists|empty|not|ofType|trace)\(/

function rootIdentifiers(expression: string): readonly string[] | null {
  let r = roots.get(expression)
  if (r === undefined) {
    const code = expression.replace(/'(?:[^'\\]|\\.)*'/g, "''").replace(/`/g, '')
    if (NOT_ROOT_SAFE.test(code)) r = null
    else {
      const ids = new Set<string>()
      for (const m of code.matchAll(/(^|[^.%$\w])([A-Za-z_]\w*)(?!\w|\s*\()/g)) ids.add(m[2]!)
      r = [...ids]
    }
    roots.set(expression, r)
  }
  return r
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90

const needsContext = /* @__PURE__ */ new Map<number, boolean>()

function touchesAny(node: object, ids: readonly string[]): boolean {
  for (const key of Object.keys(node)) {
    for (const id of ids) {
      if (key === id || key === `_${id}`) return true
      if (key.length > id.length && key.startsWith(id) && isUpper(key.charCodeAt(id.length))) return true
    }
  }
  return false
}

/** Runs the queued invariants and reports the ones that evaluate to false. */
export function evaluateInvariants(pending: readonly PendingInvariant[], ctx: WalkContext): void {
  const skipped = new Set<string>()
  for (const p of pending) {
    if (!ctx.inTime(p.path)) return
    const c = r4Constraint(p.constraint)
    if (c === undefined) continue
    const [key, severity, human] = c
    const expression = CORRECTED_EXPRESSIONS[key] ?? c[3]
    let offline = needsContext.get(p.constraint)
    if (offline === undefined) {
      offline = NEEDS_CONTEXT.test(expression)
      needsContext.set(p.constraint, offline)
    }
    if (offline) {
      skipped.add(key)
      continue
    }
    const fn = evaluatorFor(p.constraint, p.base, expression)
    if (fn === null) {
      skipped.add(key)
      continue
    }
    const ids = rootIdentifiers(expression)
    let holds: boolean | undefined
    if (ids !== null && !touchesAny(p.node, ids)) {
      const k = `${p.constraint}|${p.base}`
      holds = emptyVerdict.get(k)
      if (holds === undefined) {
        holds = run(fn, {}, p)
        if (holds !== undefined) emptyVerdict.set(k, holds)
      }
    } else holds = run(fn, p.node, p)
    if (holds === undefined) {
      skipped.add(key)
      continue
    }
    if (!holds) {
      ctx.report(
        severity === 'e' ? 'error' : 'warning',
        'invariant',
        `fhir.invariant.${key}`,
        `${key}: ${human}`,
        p.path,
      )
    }
  }
  for (const key of skipped) {
    ctx.report(
      'information',
      'informational',
      'fhir.invariant.not-evaluated',
      `${key} was not evaluated (needs context not available offline)`,
    )
  }
}

/** true = holds, false = violated (an explicit false), undefined = could not evaluate. */
function run(fn: Evaluator, node: object, p: PendingInvariant): boolean | undefined {
  try {
    const result = fn(node, { resource: p.resource, rootResource: p.root })
    return !(result.length === 1 && result[0] === false)
  } catch {
    return undefined
  }
}
