import { type Implausible } from '@openward/core'

/**
 * What every importer of exported files accepts. Impossible values (outside core's
 * `PlausibleRange`) become `null` with the `questionable` flag, as in the live decoders; pass
 * `onImplausible` to count or report them (the CLI warns with the count).
 *
 * @category importers
 */
export interface ImportOptions {
  readonly onImplausible?: (reason: Implausible) => void
}
