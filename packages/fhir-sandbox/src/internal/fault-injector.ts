/**
 * One scripted fault for client tests; see `Sandbox.injectFault`.
 *
 * @example
 * ```ts
 * sandbox.injectFault({ method: 'POST', path: 'Observation', status: 503, retryAfter: '1', times: 2 })
 * sandbox.injectFault({ method: 'POST', path: /Observation$/, dropResponse: true })
 * ```
 * @category Faults
 */
export interface FaultSpec {
  /** HTTP method to match (any when absent). */
  readonly method?: string
  /** Path (after the origin, query excluded) to match: exact string or RegExp (any when absent). */
  readonly path?: string | RegExp
  /** How many matching requests it applies to (default 1; `Infinity` for all). */
  readonly times?: number
  /** Respond with this status without executing the request. */
  readonly status?: number
  /** `Retry-After` header value sent with `status` (seconds or an HTTP date). */
  readonly retryAfter?: string
  /** Execute and commit the request, then destroy the socket without any response. */
  readonly dropResponse?: boolean
  /** Wait this long before handling the request. */
  readonly delayMs?: number
  /** Response body to send instead (e.g. an HTML proxy page or truncated JSON). */
  readonly body?: string
  /** Content type for `body` (default `text/plain`). */
  readonly contentType?: string
}

interface ArmedFault {
  readonly spec: FaultSpec
  remaining: number
}

/** Holds the scripted faults and hands out the first one matching each request. */
export class FaultInjector {
  private faults: ArmedFault[] = []

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1
    if (!(times > 0)) throw new RangeError('fault.times must be > 0')
    if (spec.status !== undefined && (spec.status < 100 || spec.status > 599))
      throw new RangeError('fault.status must be 100-599')
    this.faults.push({ spec, remaining: times })
  }

  clear(): void {
    this.faults = []
  }

  /** The fault for this request, consuming one use of it. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.faults.findIndex((f) => matches(f.spec, method, path))
    const armed = this.faults[index]
    if (!armed) return undefined
    armed.remaining--
    if (armed.remaining <= 0) this.faults.splice(index, 1)
    return armed.spec
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method) return false
  if (spec.path === undefined) return true
  if (typeof spec.path !== 'string') return spec.path.test(path)
  // Accept the full path (`/fhir/Observation`) or the part after the FHIR base (`Observation`).
  return spec.path === path || spec.path === path.replace(/^\/fhir\/?/, '')
}
