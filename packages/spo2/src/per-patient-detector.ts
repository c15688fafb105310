import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, Subscription } from 'rxjs'

import type { PatientEvent } from './per-patient.js'

/**
 * One patient's detectors as a plain state machine: what {@link perPatientDetector} runs per patient.
 * `createPatientDetector(...)` is one; any object with these three methods is another.
 *
 * @category many patients
 */
export interface PatientStateMachine<A, B> {
  /** One input arrived at `arrivalMs` (scheduler time); the events it caused. */
  push(input: A, arrivalMs: number): readonly B[]
  /** The clock moved to `nowMs` (for staleness); the events that caused. */
  tick(nowMs: number): readonly B[]
  /** The patient's input ended (idle release or source completion); the events that caused. */
  finish(): readonly B[]
}

/** Options of {@link perPatientDetector}. @category many patients */
export interface PerPatientDetectorOptions {
  /** How often (ms, on `scheduler`) one sweep ticks every patient's clock (staleness). Default 1 000. */
  readonly tickMs?: number
  /**
   * A patient with no input for this long (ms, arrival time) is released at the next sweep: `finish()`
   * (e.g. a sustained-low run cleared `end-of-data`), then its state is dropped. Default 3 600 000.
   */
  readonly idleMs?: number
  readonly scheduler?: SchedulerLike
}

interface Entry<A, B> {
  readonly machine: PatientStateMachine<A, B>
  /**
   * Last arrival, ms after the subscription's start (not epoch ms): with an integer clock it stays a small
   * integer that V8 keeps inside the entry, so the store on every sample reaches no separate number box.
   */
  last: number
}

/**
 * Runs one {@link PatientStateMachine} per patient over one merged stream, with **no RxJS pipeline,
 * subscription or timer per patient or per sample**: an input is pushed into its patient's state
 * machine and the events go out in the same call, and one sweep every `tickMs` ticks every patient's
 * clock and releases idle ones. So when all samples of a second arrive at once (a gateway flushing
 * 10 000 patients), each costs only its state machine's work: the burst p99 in `bench/burst.mjs`.
 * Same output shape as {@link perPatient}; a throwing `keyOf` errors the output (a programming error).
 *
 * @example
 * merged$.pipe(perPatientDetector((m) => m.patientKey, (key) => createPatientDetector({ patientKey: key })))
 * @category many patients
 */
export function perPatientDetector<A, K, B>(
  keyOf: (a: A) => K,
  create: (key: K) => PatientStateMachine<A, B>,
  options: PerPatientDetectorOptions = {},
): OperatorFunction<A, PatientEvent<K, B>> {
  const scheduler = options.scheduler ?? asyncScheduler
  const tickMs = options.tickMs ?? 1_000
  const idleMs = options.idleMs ?? 3_600_000
  return (source) =>
    new Observable<PatientEvent<K, B>>((subscriber) => {
      const patients = new Map<K, Entry<A, B>>()
      const startMs = scheduler.now()
      const all = new Subscription()
      // Most pushes cause no event (a shared empty array): an indexed loop, no iterator per sample.
      const emit = (patientId: K, events: readonly B[]): void => {
        for (let i = 0; i < events.length; i++) subscriber.next({ patientId, event: events[i]! })
      }
      all.add(
        scheduler.schedule(function sweep() {
          const now = scheduler.now()
          const idleBefore = now - startMs - idleMs
          for (const [key, p] of patients) {
            if (p.last <= idleBefore) {
              patients.delete(key)
              emit(key, p.machine.finish())
            } else emit(key, p.machine.tick(now))
          }
          this.schedule(undefined, tickMs)
        }, tickMs),
      )
      all.add(
        source.subscribe({
          next: (a) => {
            let key: K
            try {
              key = keyOf(a)
            } catch (err) {
              return subscriber.error(err)
            }
            const now = scheduler.now()
            let p = patients.get(key)
            if (p === undefined) {
              p = { machine: create(key), last: 0 }
              patients.set(key, p)
            }
            p.last = now - startMs
            const events = p.machine.push(a, now)
            if (events.length > 0) emit(key, events)
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => {
            for (const [key, p] of patients) emit(key, p.machine.finish())
            patients.clear()
            subscriber.complete()
          },
        }),
      )
      return all
    })
}
