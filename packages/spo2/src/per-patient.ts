import {
  asyncScheduler,
  type Observable,
  Observable as RxObservable,
  type OperatorFunction,
  type SchedulerLike,
  Subject,
  Subscription,
} from 'rxjs'

/** An output of {@link perPatient}, tagged with its patient. @category many patients */
export interface PatientEvent<K, B> {
  readonly patientId: K
  readonly event: B
}

/** Options of {@link perPatient}. @category many patients */
export interface PerPatientOptions {
  /**
   * A patient with no input for this long (ms, arrival time on `scheduler`) is released: its input
   * completes (so its detectors flush, e.g. `end-of-data`) and its state is dropped. A later sample
   * starts a fresh pipeline. One sweep per `idleMs` checks all patients, so a patient is released
   * between `idleMs` and `2 × idleMs` after its last sample. Default 3 600 000 (one hour).
   */
  readonly idleMs?: number
  readonly scheduler?: SchedulerLike
}

interface Group<A> {
  readonly subject: Subject<A>
  readonly sub: Subscription
  last: number
}

/**
 * Runs a whole detector pipeline per patient over one merged stream (`groupBy`-style), with bounded
 * memory: per patient, whatever its pipeline keeps (every operator in this package is bounded) plus
 * one map entry; idle patients are released by a single sweep timer (not a timer per sample, so
 * 10 000 patients at 1 Hz stay cheap). Unsubscribing tears everything down at once (RxJS `groupBy`
 * with a `duration` selector would keep the source subscribed while groups are open).
 * A throwing `keyOf` errors the output (it is a programming error, not bad data). `pipeline` gets the
 * patient's key too, so it can build keyed state (e.g. `createPatientDetector({ patientKey: key })`).
 *
 * Per sample this costs a map lookup and one `next` through the patient's pipeline: no subscription,
 * timer or closure. A pipeline that `mergeMap`s each sample into an array of events adds a
 * subscription per sample; for a plain per-patient state machine use {@link perPatientDetector},
 * which pushes each sample into the machine and its events straight to the one output subscriber
 * (the burst figures are in the README).
 *
 * @example
 * merged$.pipe(perPatient((m) => m.patientId, (m$) => m$.pipe(map((m) => m.sample), thresholdAlerts())))
 * @category many patients
 */
export function perPatient<A, K, B>(
  keyOf: (a: A) => K,
  pipeline: (samples: Observable<A>, key: K) => Observable<B>,
  options: PerPatientOptions = {},
): OperatorFunction<A, PatientEvent<K, B>> {
  const scheduler = options.scheduler ?? asyncScheduler
  const idleMs = options.idleMs ?? 3_600_000
  return (source) =>
    new RxObservable<PatientEvent<K, B>>((subscriber) => {
      const groups = new Map<K, Group<A>>()
      const all = new Subscription()
      const release = (key: K, g: Group<A>): void => {
        groups.delete(key)
        g.subject.complete()
        g.sub.unsubscribe()
        all.remove(g.sub)
      }
      const open = (key: K): Group<A> => {
        const subject = new Subject<A>()
        const sub = new Subscription()
        const g: Group<A> = { subject, sub, last: scheduler.now() }
        groups.set(key, g)
        all.add(sub)
        sub.add(
          pipeline(subject.asObservable(), key).subscribe({
            next: (event) => subscriber.next({ patientId: key, event }),
            error: (err: unknown) => subscriber.error(err),
          }),
        )
        return g
      }
      all.add(
        scheduler.schedule(function sweep() {
          const now = scheduler.now()
          for (const [key, g] of groups) if (now - g.last >= idleMs) release(key, g)
          this.schedule(undefined, idleMs)
        }, idleMs),
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
            const g = groups.get(key) ?? open(key)
            g.last = scheduler.now()
            g.subject.next(a)
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => {
            for (const [key, g] of groups) release(key, g)
            subscriber.complete()
          },
        }),
      )
      return all
    })
}
