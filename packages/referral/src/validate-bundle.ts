import * as validators from '@openward/validators'
import * as E from 'fp-ts/lib/Either.js'

import { type BundleInvalid, bundleInvalid } from './errors.js'
import { type TransactionBundle } from './fhir-types.js'

type ResourceValidator = (json: unknown, options: { profiles?: readonly string[] }) => unknown

// `validateResource` is being added to @openward/validators; look it up at run time so this
// package works with or without it. This is the one place the bundle meets the validator.
const externalValidator = (validators as unknown as { validateResource?: ResourceValidator }).validateResource

function collectReferences(node: unknown, out: string[]): void {
  if (Array.isArray(node)) for (const n of node) collectReferences(n, out)
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data') continue // base64 payloads: nothing to look at, and large
      if ((k === 'reference' || k === 'url') && typeof v === 'string' && v.startsWith('urn:uuid:')) out.push(v)
      else collectReferences(v, out)
    }
  }
}

/** Our own structural checks: unique full URLs, every urn:uuid reference resolves, request set. */
function internalIssues(bundle: TransactionBundle): string[] {
  const issues: string[] = []
  const urls = new Set<string>()
  for (const [i, e] of bundle.entry.entries()) {
    if (urls.has(e.fullUrl)) issues.push(`entry[${i}]: duplicate fullUrl ${e.fullUrl}`)
    urls.add(e.fullUrl)
    if (e.request.url !== e.resource.resourceType)
      issues.push(`entry[${i}]: request.url ${e.request.url} is not ${e.resource.resourceType}`)
  }
  const refs: string[] = []
  collectReferences(
    bundle.entry.map((e) => e.resource),
    refs,
  )
  for (const r of refs) if (!urls.has(r)) issues.push(`reference ${r} does not resolve inside the bundle`)
  return issues
}

interface IssueLike {
  readonly severity?: string
  readonly message?: string
  readonly expression?: string
}

// The validator returns { valid, issues } (issues shaped like OperationOutcome.issue).
function externalIssues(result: unknown): string[] {
  const list = (result as { issues?: unknown } | null)?.issues
  if (!Array.isArray(list)) return []
  return (list as IssueLike[])
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression ?? ''} ${i.message ?? ''}`.trim())
}

/**
 * Validates the bundle before it is returned: internal reference checks always, and
 * `@openward/validators`' `validateResource` when that package provides it.
 *
 * @category fhir
 */
export function validateBundle(
  bundle: TransactionBundle,
  profiles: readonly string[] = [],
): E.Either<BundleInvalid, TransactionBundle> {
  const issues = internalIssues(bundle)
  if (externalValidator !== undefined) issues.push(...externalIssues(externalValidator(bundle, { profiles })))
  return issues.length === 0 ? E.right(bundle) : E.left(bundleInvalid(issues))
}
