import { type InvalidData, type TaggedError, taggedError } from '@openward/core'

/** The snapshot was written by a version of this package whose format we do not read. @category snapshots */
export interface SnapshotVersionUnsupported extends TaggedError<'SnapshotVersionUnsupported'> {
  readonly version: unknown
  readonly supported: readonly number[]
}

/** The value is a snapshot of another kind of detector. @category snapshots */
export interface SnapshotKindMismatch extends TaggedError<'SnapshotKindMismatch'> {
  readonly kind: unknown
  readonly expected: string
}

/** The snapshot's states do not fit its own options (a stage is on without a state, or the reverse). @category snapshots */
export interface SnapshotInconsistent extends TaggedError<'SnapshotInconsistent'> {
  readonly stage: string
}

/**
 * Why a snapshot could not be restored: a wrong version or kind, a shape that does not decode
 * (`InvalidData`, with the path of the offending field), or states that contradict the options.
 * A refused snapshot never yields a detector with a guessed state.
 *
 * @category snapshots
 */
export type SnapshotError = SnapshotVersionUnsupported | SnapshotKindMismatch | SnapshotInconsistent | InvalidData

/** @internal */
export const snapshotVersionUnsupported = (
  version: unknown,
  supported: readonly number[],
): SnapshotVersionUnsupported =>
  taggedError(
    'SnapshotVersionUnsupported',
    `snapshot version ${String(version)} is not one of ${supported.join(', ')}`,
    {
      version,
      supported,
    },
  )

/** @internal */
export const snapshotKindMismatch = (kind: unknown, expected: string): SnapshotKindMismatch =>
  taggedError('SnapshotKindMismatch', `snapshot kind ${String(kind)} is not ${expected}`, { kind, expected })

/** @internal */
export const snapshotInconsistent = (stage: string, message: string): SnapshotInconsistent =>
  taggedError('SnapshotInconsistent', `${stage}: ${message}`, { stage })
