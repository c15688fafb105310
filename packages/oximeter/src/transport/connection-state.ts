import type { DeviceInfo } from '@openward/core'

import type { TransportError } from './transport-errors.js'

/**
 * Where a connection is. `reconnecting` carries the attempt number (1-based) and the wait before
 * it; `closed` is final after `close()`; `failed` is final after the last reconnect attempt failed.
 *
 * @category transports
 */
export type ConnectionState =
  | { readonly status: 'connected'; readonly device: DeviceInfo }
  | { readonly status: 'disconnected' }
  | { readonly status: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | { readonly status: 'closed' }
  | { readonly status: 'failed'; readonly error: TransportError }

/** Reconnect policy: exponential backoff from `initialDelayMs`, doubling up to `maxDelayMs`. @category transports */
export interface ReconnectOptions {
  /** 0 turns reconnecting off. Default 5. */
  readonly maxAttempts?: number
  /** Default 500 ms. */
  readonly initialDelayMs?: number
  /** Default 8000 ms. */
  readonly maxDelayMs?: number
}

/** The wait before reconnect attempt `attempt` (1-based). @category transports */
export function backoffDelayMs(attempt: number, options: ReconnectOptions = {}): number {
  const initial = options.initialDelayMs ?? 500
  return Math.min(options.maxDelayMs ?? 8000, initial * 2 ** (attempt - 1))
}
