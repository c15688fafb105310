/**
 * Where a download is, reported as it goes (`onProgress`). Byte counts are of the session's
 * payload as the device declared it; `attempt` rises after each resume or restart.
 *
 * @category download
 */
export interface DownloadProgress {
  readonly session: string
  readonly sessionIndex: number
  readonly sessionCount: number
  readonly receivedBytes: number
  /** `null` until the device has said how long the session is. */
  readonly expectedBytes: number | null
  readonly attempt: number
  /** `listing`, `reading`, `resuming` (after a drop or a corrupt block), `done`. */
  readonly phase: 'listing' | 'reading' | 'resuming' | 'done'
}

/** Options every `download…` function takes. @category download */
export interface DownloadOptions {
  readonly onProgress?: (progress: DownloadProgress) => void
  /** Silence after a request before it counts as a stall (default 2000 ms). */
  readonly replyTimeoutMs?: number
  /** Resume/restart attempts after drops, stalls or corrupt blocks, per session (default 3). */
  readonly maxRetries?: number
  /** Wait before retry n is n × this (default 250 ms), giving a device time to come back. */
  readonly retryDelayMs?: number
}

/** The defaults of {@link DownloadOptions}. */
export const downloadDefaults = (o: DownloadOptions) => ({
  replyTimeoutMs: o.replyTimeoutMs ?? 2000,
  maxRetries: o.maxRetries ?? 3,
  retryDelayMs: o.retryDelayMs ?? 250,
  onProgress: o.onProgress ?? (() => undefined),
})
