import * as t from 'io-ts'

import { Identifier } from './datatypes.js'
import { AnyResource, resourceCodec } from './resource-codec.js'

/** Bundle.type (R4 required binding `bundle-type`). @category codecs */
export const BundleType = /* @__PURE__ */ t.keyof(
  {
    document: null,
    message: null,
    transaction: null,
    'transaction-response': null,
    batch: null,
    'batch-response': null,
    history: null,
    searchset: null,
    collection: null,
  },
  'BundleType',
)
/** @category model */
export type BundleType = t.TypeOf<typeof BundleType>

/** Bundle.link. @category codecs */
export const BundleLink = /* @__PURE__ */ t.type({ relation: t.string, url: t.string }, 'BundleLink')
/** @category model */
export type BundleLink = t.TypeOf<typeof BundleLink>

/** Bundle.entry.request: what a transaction/batch entry asks the server to do. @category codecs */
export const BundleEntryRequest = /* @__PURE__ */ t.intersection(
  [
    t.type({
      method: t.keyof({ GET: null, HEAD: null, POST: null, PUT: null, DELETE: null, PATCH: null }),
      url: t.string,
    }),
    t.partial({ ifNoneMatch: t.string, ifModifiedSince: t.string, ifMatch: t.string, ifNoneExist: t.string }),
  ],
  'BundleEntryRequest',
)
/** @category model */
export type BundleEntryRequest = t.TypeOf<typeof BundleEntryRequest>

/** Bundle.entry.response: what the server did with one entry. @category codecs */
export const BundleEntryResponse = /* @__PURE__ */ t.intersection(
  [
    t.type({ status: t.string }),
    t.partial({ location: t.string, etag: t.string, lastModified: t.string, outcome: AnyResource }),
  ],
  'BundleEntryResponse',
)
/** @category model */
export type BundleEntryResponse = t.TypeOf<typeof BundleEntryResponse>

/** Bundle.entry. `resource` is any resource; decode it further with its own codec. @category codecs */
export const BundleEntry = /* @__PURE__ */ t.partial(
  {
    link: t.array(BundleLink),
    fullUrl: t.string,
    resource: AnyResource,
    search: t.partial({ mode: t.string, score: t.number }),
    request: BundleEntryRequest,
    response: BundleEntryResponse,
  },
  'BundleEntry',
)
/** @category model */
export type BundleEntry = t.TypeOf<typeof BundleEntry>

/**
 * FHIR R4 Bundle (https://hl7.org/fhir/R4/bundle.html).
 *
 * @category codecs
 */
export const Bundle = resourceCodec(
  'Bundle',
  { type: BundleType },
  {
    identifier: Identifier,
    timestamp: t.string,
    total: t.number,
    link: t.array(BundleLink),
    entry: t.array(BundleEntry),
    signature: t.UnknownRecord,
  },
)
/** @category model */
export type Bundle = t.TypeOf<typeof Bundle>

/** The URL of a Bundle link with the given relation (`next`, `self`), if any. @category destructors */
export function bundleLink(bundle: Bundle, relation: string): string | undefined {
  return bundle.link?.find((l) => l.relation === relation)?.url
}
