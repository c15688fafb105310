import { Observable, type OperatorFunction } from 'rxjs'

/**
 * A synchronous state machine over a stream: the one implementation that both an RxJS operator
 * and a batch function run, so streaming and batch give the same events by construction.
 * `emit` is passed in (rather than returning arrays) so the hot path allocates nothing per input.
 */
export interface Detector<A, B> {
  push(input: A, emit: (out: B) => void): void
  /** Called once when the input ends (source completion, end of the batch array). */
  finish?(emit: (out: B) => void): void
}

/** Lifts a detector factory into a pipeable operator; one fresh detector per subscription. */
export function detectorOperator<A, B>(create: () => Detector<A, B>): OperatorFunction<A, B> {
  return (source) =>
    new Observable<B>((subscriber) => {
      const detector = create()
      const emit = (out: B): void => subscriber.next(out)
      return source.subscribe({
        next: (input) => detector.push(input, emit),
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          detector.finish?.(emit)
          subscriber.complete()
        },
      })
    })
}

/** Runs a detector over an array (the batch form of an operator). */
export function runDetector<A, B>(create: () => Detector<A, B>, inputs: Iterable<A>): B[] {
  const detector = create()
  const out: B[] = []
  const emit = (b: B): void => {
    out.push(b)
  }
  for (const input of inputs) detector.push(input, emit)
  detector.finish?.(emit)
  return out
}

/** Composes two detectors: every output of the first is pushed into the second. */
export function chainDetectors<A, B, C>(first: Detector<A, B>, second: Detector<B, C>): Detector<A, C> {
  // The inner callback is built once per downstream `emit` (stable in practice), not per input.
  let outer: ((c: C) => void) | null = null
  let inner: (b: B) => void = () => undefined
  return {
    push(input, emit) {
      if (emit !== outer) {
        outer = emit
        inner = (b) => second.push(b, emit)
      }
      first.push(input, inner)
    },
    finish(emit) {
      first.finish?.((b) => second.push(b, emit))
      second.finish?.(emit)
    },
  }
}

/**
 * A detector whose whole state can be read as a JSON-safe value (see `createPatientDetector`'s
 * snapshots). Its factory takes the same value back, so that run → snapshot → restore → run gives
 * the events of one uninterrupted run.
 */
export interface StatefulDetector<A, B, S> extends Detector<A, B> {
  snapshot(): S
}
