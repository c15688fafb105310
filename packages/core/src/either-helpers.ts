import * as E from 'fp-ts/lib/Either.js'

import { OpenwardError, type TaggedError } from './tagged-error.js'

/**
 * Splits a list of results into the errors and the values, keeping order within each side.
 * Useful where one bad record must not hide the good ones (a file of frames, a batch of writes).
 *
 * @example
 * partitionEithers([E.right(1), E.left(err), E.right(2)]) // { lefts: [err], rights: [1, 2] }
 * @category combinators
 */
export function partitionEithers<L, R>(results: Iterable<E.Either<L, R>>): { lefts: L[]; rights: R[] } {
  const lefts: L[] = []
  const rights: R[] = []
  for (const r of results) {
    if (E.isLeft(r)) lefts.push(r.left)
    else rights.push(r.right)
  }
  return { lefts, rights }
}

/**
 * Runs a function that may throw and turns a throw into a tagged error, for interop with
 * third-party code at the edges. Our own code returns `Either` and does not need this.
 *
 * @category interop
 */
export function tryCatchTagged<A, Err extends TaggedError>(
  f: () => A,
  onThrow: (thrown: unknown) => Err,
): E.Either<Err, A> {
  try {
    return E.right(f())
  } catch (thrown) {
    return E.left(onThrow(thrown))
  }
}

/**
 * Returns the value or throws an {@link OpenwardError} holding the tagged error. For callers
 * who prefer exceptions; the only kind of function in Openward that throws is named `...OrThrow`.
 *
 * @category destructors
 */
export function getOrThrow<Err extends TaggedError, A>(result: E.Either<Err, A>): A {
  if (E.isLeft(result)) throw new OpenwardError(result.left)
  return result.right
}

/** A short, human description of any thrown value, for error messages. @category utils */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message
  if (typeof thrown === 'string') return thrown
  try {
    return JSON.stringify(thrown) ?? String(thrown)
  } catch {
    return String(thrown)
  }
}
