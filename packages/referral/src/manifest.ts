import { type GuidanceWarning } from './guidance.js'
import { type RemovedItem } from './removed-item.js'

/** What a file in the package is. @category model */
export type PackageFileRole = 'clean-image' | 'derived-image' | 'dicom-wrapped' | 'dicom-passthrough' | 'fhir-bundle'

/** One file of the package as listed in the manifest. @category model */
export interface ManifestFile {
  readonly path: string
  readonly mediaType: string
  readonly role: PackageFileRole
  readonly size: number
  readonly sha256: string
  readonly sha1Base64?: string
  /** 1-based position of the input image this file comes from. */
  readonly image?: number
  readonly imageRole?: string
  /** Metadata removed from the input (kinds, offsets and sizes; never values). */
  readonly stripped?: readonly RemovedItem[]
  /** Present on re-encoded copies: why and how, and the hash of what it was derived from. */
  readonly derived?: {
    readonly reason: 'size-limit'
    readonly method: string
    readonly fromSha256: string
    readonly fromSize: number
  }
}

/** The package manifest (manifest.json). @category model */
export interface Manifest {
  readonly format: 'openward-referral-package'
  readonly version: 1
  readonly createdAt: string
  readonly studyInstanceUid: string
  readonly fhirMode: 'media' | 'document-reference'
  readonly files: readonly ManifestFile[]
  readonly warnings: readonly GuidanceWarning[]
}

/** A file ready to be written. @category model */
export interface PackageFile {
  readonly path: string
  readonly mediaType: string
  readonly bytes: Uint8Array
}
