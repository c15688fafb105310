/**
 * `@openward/fhir-sandbox`: a local FHIR R4 server for tests, demos and development (Node only,
 * loopback only, in memory; not for patient data).
 *
 * @packageDocumentation
 */
export { createSandbox, SandboxOptionsError } from './create-sandbox.js'
export type { Sandbox, SandboxOptions } from './create-sandbox.js'
export type { FaultSpec } from './internal/fault-injector.js'
export type { SandboxRequestRecord } from './internal/request-log.js'
export type { SandboxAuthOptions, SandboxClient } from './internal/token-service.js'
export type { JournalLineProblem } from './internal/journal.js'
export { JournalCorrupt } from './internal/journal.js'
