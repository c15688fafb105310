/**
 * `@openward/fhir/node`: the Node-only parts of `@openward/fhir` (the file-backed outbox journal).
 *
 * @packageDocumentation
 */
export type {
  FileOutboxStore,
  FileOutboxStoreOptions,
  JournalLineProblem,
  OutboxJournalCorrupt,
  OutboxJournalUnavailable,
} from './file-outbox-store.js'
export { fileOutboxStore, openFileOutboxStore, openFileOutboxStoreOrThrow } from './file-outbox-store.js'
