import type { Clock } from '@openward/core'

import { issue, type IssueSeverity, type IssueType, type ValidationIssue } from '../../issue.js'

/** An invariant to evaluate once the structural walk is done. */
export interface PendingInvariant {
  readonly constraint: number
  /** FHIRPath base type for the node (`Observation`, `Period`, `Observation.component`). */
  readonly base: string
  readonly node: object
  readonly path: string
  /** The resource containing the node (`%resource`) and the outermost one (`%rootResource`). */
  readonly resource: object
  readonly root: object
}

/** References seen inside one Bundle, checked against its fullUrls after the walk. */
export interface BundleScope {
  /** Bundle.type, when it is a string. */
  readonly type: string | undefined
  readonly fullUrls: Set<string>
  /** `Type/id` of every entry's resource */
  readonly entryKeys: Set<string>
  readonly references: { readonly reference: string; readonly path: string }[]
}

/** Limits that keep validation bounded whatever the input. */
export interface WalkLimits {
  readonly maxDepth: number
  readonly maxIssues: number
  readonly maxNodes: number
  /** Wall-clock budget of the whole run, in milliseconds, read from `clock`. */
  readonly timeoutMs: number
  readonly clock: Clock
  /** Severity for extension URLs that are neither core R4 nor in `knownExtensions`. */
  readonly unknownExtensions: IssueSeverity | 'ignore'
  readonly knownExtensions: ReadonlySet<string>
}

/** Mutable state of one validation run. */
export class WalkContext {
  readonly issues: ValidationIssue[] = []
  readonly invariants: PendingInvariant[] = []
  readonly bundles: BundleScope[] = []
  nodes = 0
  stopped = false
  private truncated = false

  private readonly deadline: number

  constructor(readonly limits: WalkLimits) {
    this.deadline = limits.clock.now() + limits.timeoutMs
  }

  /**
   * False (and one fatal issue) once the time budget is spent. Reading a clock costs more than a
   * node visit, so the walk asks every 1,024 nodes; invariants ask before each evaluation.
   */
  inTime(path?: string): boolean {
    if (this.stopped) return false
    if (this.limits.clock.now() <= this.deadline) return true
    this.stopped = true
    this.issues.push(
      issue(
        'fatal',
        'too-costly',
        'fhir.timeout',
        `validation took longer than ${this.limits.timeoutMs} ms (timeoutMs): stopped, the result is incomplete`,
        path,
      ),
    )
    return false
  }

  readonly resources: { readonly resource: Record<string, unknown>; readonly path: string }[] = []

  report(severity: IssueSeverity, code: IssueType, id: string, message: string, expression?: string): void {
    if (this.issues.length >= this.limits.maxIssues) {
      if (!this.truncated) {
        this.truncated = true
        this.issues.push(
          issue(
            'warning',
            'too-costly',
            'fhir.too-many-issues',
            `stopped reporting after ${this.limits.maxIssues} issues`,
          ),
        )
      }
      return
    }
    this.issues.push(issue(severity, code, id, message, expression))
  }

  error(code: IssueType, id: string, message: string, expression: string): void {
    this.report('error', code, id, message, expression)
  }

  /** Counts a visited node; false (and one issue) once the input is too large to finish. */
  visit(path: string, depth: number): boolean {
    if (this.stopped) return false
    this.nodes++
    if (depth > this.limits.maxDepth) {
      this.stopped = true
      this.issues.push({
        severity: 'fatal',
        code: 'too-costly',
        id: 'fhir.too-deep',
        message: `nesting deeper than ${this.limits.maxDepth} levels: validation stopped`,
        expression: path,
      })
      return false
    }
    if ((this.nodes & 1023) === 0 && !this.inTime(path)) return false
    if (this.nodes > this.limits.maxNodes) {
      this.stopped = true
      this.issues.push({
        severity: 'fatal',
        code: 'too-costly',
        id: 'fhir.too-large',
        message: `more than ${this.limits.maxNodes} elements: validation stopped`,
        expression: path,
      })
      return false
    }
    return true
  }
}
