import type { Resource } from '@medplum/fhirtypes'

/** One entry of a resource's history: a stored version, or a deletion (no resource). */
export interface VersionRecord {
  /** Global write sequence: orders type history and the journal. */
  readonly seq: number
  readonly resourceType: string
  readonly id: string
  readonly method: 'POST' | 'PUT' | 'DELETE'
  readonly versionId: string
  readonly lastUpdated: string
  readonly resource?: Resource
}
