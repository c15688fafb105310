/**
 * The one way Openward takes time from its caller: anything with `now()` in milliseconds since
 * the Unix epoch. An RxJS `SchedulerLike` satisfies it, so operators take a `scheduler` and
 * everything else takes a `clock`; tests pass a `VirtualTimeScheduler` or `{ now: () => t }`.
 *
 * @category model
 */
export interface Clock {
  now(): number
}

/** The host's wall clock. @category constructors */
export const systemClock: Clock = { now: () => Date.now() }
