import type { SchedulerLike, Subscriber, Subscription } from 'rxjs'

/** A pull source of timed items: `peek` the next one without taking it, `shift` takes it. */
export interface TimelineSource<T> {
  peek(): T | undefined
  shift(): void
}

/**
 * Plays timed items on a scheduler: the item at time `t` is handed to `emit` `(t − t₀) / speed` ms
 * after the start, where `t₀` is the first item's time. Items due together go out in one action.
 * Each step schedules a fresh action (never `this.schedule`), so a long timeline keeps one pending
 * action and no chain of finished ones (VirtualAction links each reschedule to its parent).
 */
export function playTimeline<T>(
  subscriber: Subscriber<unknown>,
  source: TimelineSource<T>,
  options: {
    readonly timeOf: (item: T) => number
    readonly emit: (item: T) => void
    readonly done: () => void
    readonly scheduler: SchedulerLike
    readonly speed: number
  },
): () => void {
  const { timeOf, emit, done, scheduler, speed } = options
  const startedAt = scheduler.now()
  let origin: number | undefined
  const dueAt = (item: T): number => {
    origin ??= timeOf(item)
    return speed === Infinity ? startedAt : startedAt + Math.max(0, timeOf(item) - origin) / speed
  }
  let pending: Subscription | undefined
  const step = (): void => {
    const now = scheduler.now()
    let item = source.peek()
    while (item !== undefined && dueAt(item) <= now) {
      source.shift()
      emit(item)
      if (subscriber.closed) return
      item = source.peek()
    }
    if (item === undefined) done()
    else pending = scheduler.schedule(step, dueAt(item) - now)
  }
  pending = scheduler.schedule(step, 0)
  return () => pending?.unsubscribe()
}
