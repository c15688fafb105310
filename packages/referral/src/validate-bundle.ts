import { validateResource } from '@openward/validators'
import * as E from 'fp-ts/lib/Either.js'

import { type BundleInvalid, bundleInvalid } from './errors.js'
import { type TransactionBundle } from './fhir-types.js'

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

// Binary.data is our own base64 of bytes whose size and hash the bundle states; checking a
// multi-megabyte base64 string again costs more than the rest of validation, so the validator
// sees a one-byte stand-in. Everything else is validated as sent.
function withoutPayloads(bundle: TransactionBundle): TransactionBundle {
  const entry = bundle.entry.map((e) =>
    e.resource.resourceType === 'Binary' && typeof e.resource.data === 'string'
      ? { ...e, resource: { ...e.resource, data: 'AA==' } }
      : e,
  )
  return { ...bundle, entry }
}

function validatorIssues(bundle: TransactionBundle, profiles: readonly string[]): string[] {
  const r = validateResource(withoutPayloads(bundle), { profiles })
  return r.issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression ?? ''} ${i.message}`.trim())
}

/**
 * Validates the bundle before it is returned: our reference checks (every urn:uuid resolves,
 * request URLs match) and `@openward/validators` `validateResource` (FHIR R4 structure and
 * invariants, plus any `profiles`).
 *
 * @category fhir
 */
export function validateBundle(
  bundle: TransactionBundle,
  profiles: readonly string[] = [],
): E.Either<BundleInvalid, TransactionBundle> {
  const issues = [...internalIssues(bundle), ...validatorIssues(bundle, profiles)]
  return issues.length === 0 ? E.right(bundle) : E.left(bundleInvalid(issues))
}
