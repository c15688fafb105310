/**
 * `@openward/fhir/node`: the Node-only parts of `@openward/fhir` (the file-backed outbox journal).
 *
 * @packageDocumentation
 */
export type { FileOutboxStoreOptions } from './file-outbox-store.js'
export { fileOutboxStore } from './file-outbox-store.js'
