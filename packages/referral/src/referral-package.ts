import { type TransactionBundle } from './fhir-types.js'
import { type Manifest, type PackageFile } from './manifest.js'

/** The packaged referral: files to write, the FHIR bundle and the manifest. @category model */
export interface ReferralPackage {
  readonly files: readonly PackageFile[]
  readonly bundle: TransactionBundle
  readonly manifest: Manifest
}

/** Progress callback: called after each input image is processed. @category model */
export type PackageProgress = (done: number, total: number) => void
