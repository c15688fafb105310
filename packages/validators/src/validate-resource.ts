import { type Clock, describeThrown, systemClock } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { checkCapabilityStatement, checkSearchParameter } from './internal/r4/conformance-checks.js'
import { evaluateInvariants } from './internal/r4/invariants.js'
import { walkResource } from './internal/r4/structure-walker.js'
import { WalkContext } from './internal/r4/walk-context.js'
import { hasErrors, issue, type IssueSeverity, type ValidationIssue } from './issue.js'
import { type OperationOutcome, toOperationOutcome } from './operation-outcome.js'
import type { ResourceProfile } from './profile.js'
import { parseFhirXml } from './xml/fhir-xml.js'
import { xpathOf } from './xml/xpath.js'
import { BUILT_IN_EXTENSIONS, BUILT_IN_PROFILES } from './profiles/built-in-profiles.js'
import { checkR4VitalSign, vitalSignsFor } from './profiles/r4-vital-signs.js'

/** Options for {@link validateResource}. @category fhir */
export interface ValidateResourceOptions {
  /** Profiles to apply: canonical URLs of built-in profiles (see {@link BUILT_IN_PROFILES}) or profile objects. */
  readonly profiles?: readonly (string | ResourceProfile)[]
  /** Also apply built-in profiles named in each resource's `meta.profile` (default true). */
  readonly metaProfiles?: boolean
  /**
   * Apply the R4 core vital-signs profiles (observation-vitalsigns.html) to every Observation whose
   * code carries one of their LOINC codes, whether or not `meta.profile` names them (default true).
   */
  readonly vitalSigns?: boolean
  /** Evaluate FHIRPath invariants through fhirpath.js (default true); the native ones (ele-1, ext-1, dom-*, ref-1, per-1, bdl-*) always run. */
  readonly invariants?: boolean
  /** Largest JSON text accepted, in UTF-16 code units (default 64 Mi). */
  readonly maxLength?: number
  /** Deepest element nesting walked (default 128). */
  readonly maxDepth?: number
  /** Most issues reported (default 1000). */
  readonly maxIssues?: number
  /** Most elements walked (default 4 million). */
  readonly maxNodes?: number
  /** Most invariant evaluations (default 500 000); the rest are reported as skipped. */
  readonly maxInvariants?: number
  /**
   * Wall-clock budget in milliseconds (default 30 000; the 35 MB R4 `Bundle-resources.json` took 12 s at load average 15 on 2 cores). When it is spent, validation stops with a
   * fatal `fhir.timeout` issue (`valid: false`): an unfinished check never reads as a pass.
   */
  readonly timeoutMs?: number
  /** Where time comes from (default `systemClock`). */
  readonly clock?: Clock
  /**
   * How to report an extension URL that is neither a core R4 extension nor in `knownExtensions`
   * (default `'warning'`; `'ignore'` to stay silent). Unknown URLs in the core namespace
   * `http://hl7.org/fhir/StructureDefinition/` are always errors.
   */
  readonly unknownExtensions?: IssueSeverity | 'ignore'
  /** Extension URLs the caller knows (e.g. its IG's); not reported as unknown. The built-in profiles' are included. */
  readonly knownExtensions?: readonly string[]
}

/** The result of {@link validateResource}. @category fhir */
export interface ResourceValidation {
  /** True when no issue is an error or fatal. */
  readonly valid: boolean
  readonly issues: readonly ValidationIssue[]
  /** The same issues as a FHIR R4 OperationOutcome. */
  readonly outcome: OperationOutcome
}

const fatal = (code: 'structure' | 'too-costly' | 'exception', id: string, message: string): ResourceValidation =>
  result([issue('fatal', code, id, message)])

function result(issues: readonly ValidationIssue[]): ResourceValidation {
  return { valid: !hasErrors(issues), issues, outcome: toOperationOutcome(issues) }
}

/**
 * Validates a FHIR R4 resource (JSON or FHIR XML text, or a parsed JSON value; XML input gets XPath-like
 * locations such as `/f:Observation/f:component[2]/f:code`) against the R4 base definitions,
 * their FHIRPath invariants and the requested profiles. Never throws: non-JSON text, arrays,
 * `null`, absurd nesting or size all come back as issues.
 *
 * @example
 * const r = validateResource(text, { profiles: [UK_CORE_PATIENT_URL] })
 * if (!r.valid) console.log(JSON.stringify(r.outcome, null, 2))
 * @category fhir
 */
export function validateResource(json: unknown, options: ValidateResourceOptions = {}): ResourceValidation {
  try {
    return validateUnsafe(json, options)
  } catch (e) {
    // A bug or a host limit (stack, memory) must still come back as an outcome.
    return fatal('exception', 'fhir.internal', `validation failed internally: ${describeThrown(e)}`)
  }
}

function validateUnsafe(json: unknown, options: ValidateResourceOptions): ResourceValidation {
  let value = json
  if (typeof json === 'string' && looksLikeXml(json)) {
    const parsed = parseFhirXml(json, { maxLength: options.maxLength ?? 64 * 1024 * 1024 })
    if (E.isLeft(parsed))
      return fatal(
        parsed.left.kind === 'too-large' || parsed.left.kind === 'too-deep' ? 'too-costly' : 'structure',
        `xml.${parsed.left.kind}`,
        `not readable FHIR XML: ${parsed.left.message}${parsed.left.offset === undefined ? '' : ` (offset ${parsed.left.offset})`}`,
      )
    const r = validateUnsafe(parsed.right, options)
    const issues = r.issues.map((i) =>
      i.expression === undefined ? i : { ...i, expression: xpathOf(i.expression, parsed.right) },
    )
    return result(issues)
  }
  if (typeof json === 'string') {
    const parsed = parseJson(json, options.maxLength ?? 64 * 1024 * 1024)
    if ('fatal' in parsed) return parsed.fatal
    value = parsed.value
  }
  const ctx = new WalkContext({
    maxDepth: options.maxDepth ?? 128,
    maxIssues: options.maxIssues ?? 1000,
    maxNodes: options.maxNodes ?? 4_000_000,
    timeoutMs: options.timeoutMs ?? 30_000,
    clock: options.clock ?? systemClock,
    unknownExtensions: options.unknownExtensions ?? 'warning',
    knownExtensions: new Set([...BUILT_IN_EXTENSIONS, ...(options.knownExtensions ?? [])]),
  })
  walkResource(value, '', 0, ctx)
  if (options.invariants !== false && !ctx.stopped) {
    const max = options.maxInvariants ?? 500_000
    evaluateInvariants(ctx.invariants.slice(0, max), ctx)
    if (ctx.invariants.length > max) {
      ctx.report(
        'warning',
        'too-costly',
        'fhir.invariant.budget',
        `${ctx.invariants.length - max} invariant evaluations skipped (maxInvariants ${max})`,
      )
    }
  }
  if (!ctx.stopped) applyProfiles(ctx, options)
  return result(ctx.issues)
}

// FHIR XML starts with `<` (after an optional BOM and whitespace); JSON never does.
function looksLikeXml(text: string): boolean {
  const m = /^\uFEFF?[ \t\r\n]*(.)/.exec(text.slice(0, 1024))
  return m?.[1] === '<'
}

function parseJson(text: string, maxLength: number): { value: unknown } | { fatal: ResourceValidation } {
  if (text.length > maxLength) {
    return {
      fatal: fatal(
        'too-costly',
        'json.too-large',
        `input is ${text.length} characters, more than the limit of ${maxLength}`,
      ),
    }
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  try {
    return { value: JSON.parse(body) as unknown }
  } catch (e) {
    const why = e instanceof Error ? e.message : 'parse error'
    return { fatal: fatal('structure', 'json.invalid', `not valid JSON: ${why}`) }
  }
}

function applyProfiles(ctx: WalkContext, options: ValidateResourceOptions): void {
  const requested: ResourceProfile[] = []
  for (const p of options.profiles ?? []) {
    if (typeof p !== 'string') requested.push(p)
    else {
      const known = BUILT_IN_PROFILES.get(p)
      if (known !== undefined) requested.push(known)
      else
        ctx.report(
          'warning',
          'not-supported',
          'profile.unknown',
          `profile ${p} is not known to this validator; not checked`,
        )
    }
  }
  const searchParameters = new Map<string, Record<string, unknown>>()
  for (const { resource } of ctx.resources)
    if (resource['resourceType'] === 'SearchParameter' && typeof resource['url'] === 'string')
      searchParameters.set(resource['url'], resource)
  for (const { resource, path } of ctx.resources) {
    const conformance =
      resource['resourceType'] === 'SearchParameter'
        ? checkSearchParameter(resource, path)
        : resource['resourceType'] === 'CapabilityStatement'
          ? checkCapabilityStatement(resource, path, searchParameters)
          : []
    for (const i of conformance) ctx.report(i.severity, i.code, i.id, i.message, i.expression)
    const applied = new Set<ResourceProfile>()
    for (const p of requested) if (p.resourceType === resource['resourceType']) applied.add(p)
    if (options.metaProfiles !== false) for (const p of metaProfiles(resource)) applied.add(p)
    for (const p of applied)
      for (const i of p.validate(resource, path)) ctx.report(i.severity, i.code, i.id, i.message, i.expression)
    if (options.vitalSigns !== false && resource['resourceType'] === 'Observation')
      for (const v of vitalSignsFor(resource))
        for (const i of checkR4VitalSign(resource, path, v))
          ctx.report(i.severity, i.code, i.id, i.message, i.expression)
  }
}

function metaProfiles(resource: Record<string, unknown>): ResourceProfile[] {
  const meta = resource['meta']
  const listed = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)['profile'] : undefined
  if (!Array.isArray(listed)) return []
  const out: ResourceProfile[] = []
  for (const url of listed) {
    const p = typeof url === 'string' ? BUILT_IN_PROFILES.get(url.split('|')[0]!) : undefined
    if (p !== undefined && p.resourceType === resource['resourceType']) out.push(p)
  }
  return out
}
