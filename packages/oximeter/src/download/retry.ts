import { type DownloadError, downloadCorrupt, downloadInterrupted } from './download-errors.js'
import { type DownloadLink, LinkDropped } from './download-link.js'

/** The device went quiet mid-exchange (a stall: the link may still be up). */
export class Stall extends Error {
  override readonly name = 'Stall'
}

/** A block failed the protocol's integrity check. */
export class Corrupt extends Error {
  override readonly name = 'Corrupt'
  constructor(
    readonly block: number,
    readonly reason: string,
  ) {
    super(reason)
  }
}

/** A failure no retry can fix (the device refused); carried to the TaskEither boundary. */
export class Abort extends Error {
  override readonly name = 'Abort'
  constructor(readonly error: DownloadError) {
    super(error.message)
  }
}

/** What a retry loop reports for the typed error when it gives up. */
export interface RetryState {
  readonly session: string
  readonly receivedBytes: () => number
  readonly expectedBytes: () => number | null
  readonly onRetry: (attempt: number, why: Error) => void
}

/**
 * Runs `body` until it succeeds, resuming after drops (reconnect first), stalls and corrupt blocks,
 * at most `maxRetries` more times. Gives up with `DownloadCorrupt` when the last failure was an
 * integrity failure, else `DownloadInterrupted`; an {@link Abort} passes straight through.
 */
export async function withRetries<T>(
  link: DownloadLink,
  retries: { readonly maxRetries: number; readonly retryDelayMs: number },
  state: RetryState,
  body: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await body(attempt)
    } catch (thrown) {
      if (thrown instanceof Abort) throw thrown
      const why = thrown instanceof Error ? thrown : new Error(String(thrown))
      if (attempt > retries.maxRetries) {
        if (why instanceof Corrupt) throw new Abort(downloadCorrupt(state.session, why.block, why.reason))
        throw new Abort(
          downloadInterrupted(state.session, attempt, state.receivedBytes(), state.expectedBytes(), why.message),
        )
      }
      state.onRetry(attempt + 1, why)
      await new Promise((resolve) => setTimeout(resolve, retries.retryDelayMs * attempt))
      if (why instanceof LinkDropped || !(why instanceof Stall || why instanceof Corrupt)) {
        // A write that threw on a closed port, or the read that saw the drop: get the link back.
        await link.reconnect().catch(() => undefined)
      }
      link.discardInput()
    }
  }
}
