import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'

import { Bundle, type BundleEntry } from '../resources/bundle.js'
import type { Observation } from '../resources/observation.js'
import { decodeBody } from './decode-response.js'
import { type FhirError, fhirError } from './fhir-error.js'
import type { FhirTransport } from './fhir-transport.js'
import { identifierSearchToken } from './search-query.js'

/** Counts of one idempotent write. @category model */
export interface WriteCounts {
  /** Resources the server created. */
  readonly created: number
  /** Resources that already existed (matched by business identifier), so were not created again. */
  readonly existing: number
  /** Transaction bundles sent. */
  readonly bundles: number
}

/** Options of {@link writeObservations}. @category model */
export interface WriteObservationsOptions {
  /** Entries per transaction bundle (default 100). */
  readonly bundleSize?: number
  /**
   * Transactions in flight at once (default 1: strictly in order). Every entry is an idempotent
   * conditional create, so overlapping bundles cannot duplicate anything; use >1 for bulk uploads.
   */
  readonly concurrency?: number
  readonly signal?: AbortSignal
}

/**
 * The `If-None-Exist` query of a resource: its first identifier, `|`, `,`, `$` and `\` escaped
 * (R4 §search 3.1.1.6), so a resubmitted write matches instead of duplicating.
 *
 * @category writes
 */
export function ifNoneExistQuery(resource: {
  identifier?: readonly { system?: string; value?: string }[]
}): string | undefined {
  const token = identifierSearchToken(resource.identifier?.[0])
  return token === undefined ? undefined : `identifier=${encodeURIComponent(token)}`
}

/**
 * A transaction Bundle of conditional creates: every entry `POST Observation` with
 * `ifNoneExist` on its business identifier. Resubmitting it creates nothing new.
 *
 * @category writes
 */
export function idempotentTransaction(
  resources: readonly (Observation | { resourceType: string; identifier?: { system?: string; value?: string }[] })[],
): E.Either<FhirError, Bundle> {
  const entry: BundleEntry[] = []
  for (const [i, resource] of resources.entries()) {
    const query = ifNoneExistQuery(resource)
    if (query === undefined)
      return E.left(fhirError('BadRequest', `entry ${i}: no business identifier, so it cannot be written idempotently`))
    entry.push({ resource, request: { method: 'POST', url: resource.resourceType, ifNoneExist: query } })
  }
  return E.right({ resourceType: 'Bundle', type: 'transaction', entry })
}

/** Counts created (201) and existing (200) entries of a transaction-response. @category writes */
export function countTransactionResponse(
  bundle: Bundle,
  expected: number,
): E.Either<FhirError, { created: number; existing: number }> {
  const entries = bundle.entry ?? []
  if (bundle.type !== 'transaction-response' || entries.length !== expected)
    return E.left(
      fhirError(
        'InvalidResponse',
        `expected a transaction-response with ${expected} entries, got ${bundle.type} with ${entries.length}`,
        {
          reason: 'unexpected-resource',
        },
      ),
    )
  let created = 0
  let existing = 0
  for (const e of entries) {
    const status = e.response?.status ?? ''
    if (status.startsWith('201')) created++
    else if (status.startsWith('200')) existing++
    else
      return E.left(
        fhirError('InvalidResponse', `unexpected entry status ${status}`, { reason: 'unexpected-resource' }),
      )
  }
  return E.right({ created, existing })
}

/**
 * Sends one idempotent transaction and counts what the server did.
 *
 * @category writes
 */
export const sendIdempotentTransaction =
  (transport: FhirTransport, signal?: AbortSignal) =>
  (bundle: Bundle): TE.TaskEither<FhirError, { created: number; existing: number }> =>
    TE.chainEitherK((res: Parameters<typeof decodeBody>[1]) =>
      E.chain((b: Bundle) => countTransactionResponse(b, bundle.entry?.length ?? 0))(decodeBody(Bundle, res)),
    )(
      transport.send({
        method: 'POST',
        path: '',
        body: bundle,
        // Only the per-entry statuses are needed; servers that honour this send no resource bodies back.
        headers: { prefer: 'return=minimal' },
        ...(signal === undefined ? {} : { signal }),
      }),
    )

/**
 * Writes Observations idempotently: transaction bundles of `ifNoneExist` entries, 100 per bundle by
 * default, each retried safely on transient failures. With the default concurrency of 1 they go in
 * order and writing stops at the first bundle that fails (earlier bundles are committed; re-running
 * the whole call is safe). With `concurrency` > 1, bundles overlap and the first error is returned
 * once the bundles in flight have settled.
 *
 * @example
 * const result = await writeObservations(transport, observations)()
 * // E.right({ created: 200, existing: 0, bundles: 2 })
 * @category writes
 */
export function writeObservations(
  transport: FhirTransport,
  observations: readonly Observation[],
  options: WriteObservationsOptions = {},
): TE.TaskEither<FhirError, WriteCounts> {
  const size = options.bundleSize ?? 100
  const lanes = Math.max(1, options.concurrency ?? 1)
  return async () => {
    const bundles: Bundle[] = []
    for (let i = 0; i < observations.length; i += size) {
      const bundle = idempotentTransaction(observations.slice(i, i + size))
      if (E.isLeft(bundle)) return bundle
      bundles.push(bundle.right)
    }
    const totals = { created: 0, existing: 0, bundles: 0 }
    let failure: FhirError | undefined
    let next = 0
    const lane = async (): Promise<void> => {
      while (failure === undefined && next < bundles.length) {
        const result = await sendIdempotentTransaction(transport, options.signal)(bundles[next++]!)()
        if (E.isLeft(result)) failure ??= result.left
        else {
          totals.created += result.right.created
          totals.existing += result.right.existing
          totals.bundles++
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(lanes, bundles.length) }, lane))
    return failure === undefined ? E.right(totals) : E.left(failure)
  }
}
