import type { SchedulerLike, Subscription } from 'rxjs'

/** A staleness watch on one stream: `touch` on each valid arrival; `onStale` fires once per silence. */
export interface StaleTimer {
  /** Marks a valid arrival; returns true when the stream was stale until now. */
  touch(): boolean
  readonly subscription: Subscription
}

/**
 * One scheduler action per stream, re-armed only when it fires (not on every sample), so that
 * 10 000 streams cost a few timer callbacks per second. Time comes only from `scheduler`.
 */
export function staleTimer(scheduler: SchedulerLike, staleAfterMs: number, onStale: () => void): StaleTimer {
  let lastArrival = scheduler.now()
  let stale = false
  const subscription = scheduler.schedule(function check() {
    const due = lastArrival + staleAfterMs - scheduler.now()
    if (due > 0) return void this.schedule(undefined, due)
    if (!stale) {
      stale = true
      onStale()
    }
    this.schedule(undefined, staleAfterMs)
  }, staleAfterMs)
  return {
    touch() {
      lastArrival = scheduler.now()
      const was = stale
      stale = false
      return was
    },
    subscription,
  }
}
