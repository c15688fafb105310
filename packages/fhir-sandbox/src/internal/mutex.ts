/**
 * A FIFO mutex. The host runs every FHIR interaction under it, which is what makes conditional
 * creates unique under concurrency and lets a transaction's undo log see no interleaved writes.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }
}
