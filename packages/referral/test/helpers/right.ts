import * as E from 'fp-ts/lib/Either.js'

/** Unwraps a Right or fails the test with the Left's message. */
export function right<L, R>(e: E.Either<L, R>): R {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${JSON.stringify(e.left)}`)
  return e.right
}

/** Unwraps a Left or fails the test. */
export function left<L, R>(e: E.Either<L, R>): L {
  if (E.isRight(e)) throw new Error('expected Left, got Right')
  return e.left
}
