/**
 * One request the sandbox received, as client tests see it (e.g. to check that a retry came after
 * `Retry-After`, or that a plain POST was never retried).
 *
 * @category Sandbox
 */
export interface SandboxRequestRecord {
  readonly method: string
  /** Path and query, e.g. `/fhir/Observation?_count=10`. */
  readonly url: string
  /** When the request arrived (ms since the epoch). */
  readonly receivedAt: number
  /** Status sent, or `'dropped'` when a fault destroyed the connection. */
  readonly status: number | 'dropped'
  /** True when an injected fault applied. */
  readonly faulted: boolean
}

/** Keeps the most recent requests (bounded, so a long-running sandbox does not grow without limit). */
export class RequestLog {
  private records: SandboxRequestRecord[] = []

  constructor(private readonly limit = 10_000) {}

  add(record: SandboxRequestRecord): void {
    this.records.push(record)
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit)
  }

  list(): readonly SandboxRequestRecord[] {
    return [...this.records]
  }

  clear(): void {
    this.records = []
  }
}
