import { quote } from '../quote.js'
import type { BundleScope, WalkContext } from './walk-context.js'

// Bundle rules of R4 bundle.html that are not FHIRPath invariants in the snapshot.

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/
const LITERAL = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/

/** Bundle.link: one link per relation (self, next, previous... name one URL each; R4 http.html#paging). */
export function checkBundleLinks(bundle: Json, path: string, ctx: WalkContext): void {
  const links = bundle['link']
  if (!Array.isArray(links)) return
  const seen = new Set<string>()
  links.forEach((l: unknown, i) => {
    const relation = isObject(l) ? l['relation'] : undefined
    if (typeof relation !== 'string') return
    if (seen.has(relation))
      ctx.error(
        'business-rule',
        'fhir.bundle.link-relation',
        `link relation ${quote(relation)} appears more than once; each relation names one link`,
        `${path}.link[${i}].relation`,
      )
    seen.add(relation)
  })
}

/**
 * Bundle.entry.fullUrl (R4 Bundle.entry.fullUrl definition): "The Absolute URL for the resource ...
 * The fullUrl SHALL NOT disagree with the id in the resource". Records the entry for reference checks.
 */
export function checkEntry(entry: Json, path: string, ctx: WalkContext): void {
  const scope = ctx.bundles.at(-1)
  const fullUrl = entry['fullUrl']
  const resource = isObject(entry['resource']) ? entry['resource'] : undefined
  const type = typeof resource?.['resourceType'] === 'string' ? resource['resourceType'] : undefined
  const id = typeof resource?.['id'] === 'string' ? resource['id'] : undefined
  if (type !== undefined && id !== undefined) scope?.entryKeys.add(`${type}/${id}`)
  if (typeof fullUrl !== 'string') return
  scope?.fullUrls.add(fullUrl)
  if (!ABSOLUTE.test(fullUrl)) {
    ctx.error(
      'value',
      'fhir.bundle.fullurl-relative',
      `fullUrl ${quote(fullUrl)} is relative; it must be an absolute URL or a urn:uuid:/urn:oid:`,
      `${path}.fullUrl`,
    )
    return
  }
  if (fullUrl.startsWith('urn:') || id === undefined) return
  const m = LITERAL.exec(fullUrl)
  if (m !== null && (m[1] !== type || m[2] !== id))
    ctx.error(
      'value',
      'fhir.bundle.fullurl-id',
      `fullUrl ${quote(fullUrl)} disagrees with the entry's resource ${type ?? '?'}/${quote(id)}`,
      `${path}.fullUrl`,
    )
}

/**
 * In a document Bundle, the references of its resources resolve inside the Bundle (R4
 * documents.html#content: the document is a self-contained, attested whole; a reader has no server).
 */
export function checkDocumentReferences(bundle: BundleScope, ctx: WalkContext): void {
  if (bundle.type !== 'document') return
  for (const { reference, path } of bundle.references) {
    if (!path.includes('.entry[')) continue // Bundle.signature is about the Bundle, not document content
    if (reference.startsWith('#') || reference.startsWith('urn:')) continue // ref-1 / urn checks cover these
    if (bundle.fullUrls.has(reference)) continue
    const m = LITERAL.exec(reference)
    if (m !== null && bundle.entryKeys.has(`${m[1]}/${m[2]}`)) continue
    ctx.error(
      'not-found',
      'fhir.bundle.document-reference',
      `${quote(reference)} is not in this document Bundle; a document carries every resource it references`,
      path,
    )
  }
}
