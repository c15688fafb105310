import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'

import { type TaggedError, taggedError } from './tagged-error.js'

/** One failed check of an io-ts codec, with the path to the offending value. @category model */
export interface CodecIssue {
  readonly path: string
  readonly expected: string
  readonly actual: unknown
}

/** Data that crossed a boundary (JSON, a file, a message) did not match its codec. @category model */
export interface InvalidData extends TaggedError<'InvalidData'> {
  readonly codec: string
  readonly issues: readonly CodecIssue[]
}

/**
 * Decodes `input` with an io-ts codec and turns io-ts's error list into one tagged
 * `InvalidData` error with readable paths (`flags.fingerOut`, `entry[3].resource`).
 *
 * @example
 * decodeWith(OximetrySample)(JSON.parse(line))
 * @category decoders
 */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>) =>
  (input: unknown): E.Either<InvalidData, A> => {
    const result = codec.decode(input)
    if (E.isRight(result)) return result
    const issues = result.left.map(toIssue)
    const first = issues[0]
    const summary = first === undefined ? 'invalid' : `${first.path || '(root)'}: expected ${first.expected}`
    return E.left(
      taggedError(
        'InvalidData',
        `${codec.name}: ${summary}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
        {
          codec: codec.name,
          issues,
        },
      ),
    )
  }

function toIssue(error: t.ValidationError): CodecIssue {
  const segments: string[] = []
  for (let i = 1; i < error.context.length; i++) {
    // Intersection and union members are keyed by member index: not part of the data path.
    if (isCompositeType(error.context[i - 1]?.type)) continue
    const key = error.context[i]?.key ?? ''
    if (key === '') continue
    segments.push(/^\d+$/.test(key) ? `[${key}]` : segments.length === 0 ? key : `.${key}`)
  }
  const last = error.context[error.context.length - 1]
  return { path: segments.join(''), expected: last?.type.name ?? 'unknown', actual: error.value }
}

interface CodecShape {
  readonly _tag?: string
  readonly type?: unknown
}

// Readonly/exact/refinement wrappers validate with their parent's context, so the composite
// they wrap is only visible by unwrapping them.
function isCompositeType(type: unknown): boolean {
  let current = type as CodecShape | undefined
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    if (current._tag === 'IntersectionType' || current._tag === 'UnionType') return true
    if (current._tag !== 'ReadonlyType' && current._tag !== 'ExactType' && current._tag !== 'RefinementType')
      return false
    current = current.type as CodecShape | undefined
  }
  return false
}
