import type { SchedulerLike } from 'rxjs'

import type { createConnectionHub } from './connection-hub.js'
import { backoffDelayMs, type ReconnectOptions } from './connection-state.js'
import { connectionLost } from './transport-errors.js'

/** What a transport gives the reconnect loop. */
export interface ReconnectDeps {
  readonly hub: Pick<ReturnType<typeof createConnectionHub>, 'fail' | 'setState'>
  readonly scheduler: SchedulerLike
  readonly reconnect: ReconnectOptions | undefined
  /** True once the caller closed the connection: no further attempt is made. */
  readonly isClosing: () => boolean
  /** One attempt to reopen; rejects when it fails. */
  readonly open: () => Promise<void>
}

/**
 * Returns `retry(attempt)`: waits the backoff delay on the scheduler (so tests run it in virtual
 * time), tries `open`, and on failure tries again, until `maxAttempts` (default 5) have failed; then
 * the connection fails with `ConnectionLost`, so a lost device is never silent.
 */
export function reconnectWithBackoff(deps: ReconnectDeps): (attempt: number) => void {
  const retry = (attempt: number): void => {
    const max = deps.reconnect?.maxAttempts ?? 5
    if (deps.isClosing()) return
    if (attempt > max) return deps.hub.fail(connectionLost(max))
    const delayMs = backoffDelayMs(attempt, deps.reconnect)
    deps.hub.setState({ status: 'reconnecting', attempt, delayMs })
    deps.scheduler.schedule(() => {
      if (!deps.isClosing()) deps.open().catch(() => retry(attempt + 1))
    }, delayMs)
  }
  return retry
}
