import * as t from 'io-ts'

import { resourceBase } from './datatypes.js'

/**
 * Builds the codec of one resource type: `resourceType` fixed to `name`, the required elements,
 * and the optional ones plus the common Resource/DomainResource elements. Unknown properties pass
 * through untouched (lossless re-encode).
 */
export function resourceCodec<N extends string, R extends t.Props, O extends t.Props>(
  name: N,
  required: R,
  optional: O,
): t.IntersectionC<[t.TypeC<{ resourceType: t.LiteralC<N> } & R>, t.PartialC<typeof resourceBase & O>]> {
  return t.intersection(
    [t.type({ resourceType: t.literal(name), ...required }), t.partial({ ...resourceBase, ...optional })],
    name,
  )
}

/**
 * Any FHIR resource: an object with a string `resourceType`, everything else kept as-is.
 *
 * @category codecs
 */
export const AnyResource = /* @__PURE__ */ t.intersection(
  [t.type({ resourceType: t.string }), t.UnknownRecord],
  'Resource',
)
/** @category model */
export type AnyResource = t.TypeOf<typeof AnyResource>
