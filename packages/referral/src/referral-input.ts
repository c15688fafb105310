import { type Clock } from '@openward/core'
import { type BodySite } from './body-site.js'
import { type DermoscopySettings, type DeviceDetails, type ImageRole, type PatientDetails } from './dicom-image-meta.js'
import { type PatientIdPolicy } from './dicom-passthrough.js'
import { type Hasher } from './digests.js'
import { type Downscaler } from './downscaler.js'
import { type ImageLimits } from './image-limits.js'
import { type SizePolicy } from './size-policy.js'

/** One captured image and what the capture UI knows about it. @category model */
export interface ReferralImageInput {
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly role: ImageRole
  readonly bodySite?: BodySite
  /** When the image was taken (from the app, not EXIF). Defaults to the packaging time. */
  readonly capturedAt?: Date
  /** Face, tattoo or other identifying features visible (DICOM RecognizableVisualFeatures). */
  readonly recognizableFeatures?: boolean
  readonly dermoscopy?: DermoscopySettings
}

/** The referral itself (FHIR ServiceRequest). @category model */
export interface ReferralDetails {
  readonly reason: string
  /** Receiving specialty as text, e.g. "Dermatology" (SNOMED codes to confirm on the NHS terminology server). */
  readonly specialty: string
  readonly priority: 'routine' | 'urgent' | 'asap' | 'stat'
  readonly requester: { readonly display: string; readonly odsCode?: string }
  /** e-RS Unique Booking Reference Number, when known. */
  readonly ubrn?: string
  /** Patient consent to capture and send the images is recorded in the GP record. */
  readonly consentRecorded: boolean
  readonly intent?: 'order' | 'proposal'
}

/** Options; every field has a default. @category model */
export interface PackageOptions {
  /** 'media' = R4 Media + Binary; 'document-reference' = DocumentReference + Binary (R5-aligned). */
  readonly fhirMode?: 'media' | 'document-reference'
  /** Produce DICOM files for JPEG images (default true). */
  readonly dicom?: boolean
  /** Use the Dermoscopic SOP class for dermoscopic images, or the VL Photographic fall-back. */
  readonly dermoscopicSopClass?: 'dermoscopic' | 'vl-photographic'
  readonly device?: DeviceDetails
  readonly sizePolicy?: SizePolicy
  /** Needed only for `sizePolicy.onOversize: 'downscale'`: the one path that re-encodes. */
  readonly downscaler?: Downscaler
  readonly limits?: ImageLimits
  /** Digest implementation (default Web Crypto; `nodeHasher` from `@openward/referral/node` is faster in Node). */
  readonly hasher?: Hasher
  readonly devicePatientIdPolicy?: PatientIdPolicy
  /** Minimum long edge in pixels before a guidance warning (default 1600). */
  readonly minLongEdge?: number
  /** The clock (ms since the epoch; the SDK's one way to inject time), for reproducible output. */
  readonly clock?: Clock
  /** @deprecated Use `clock` (`{ now: () => date.getTime() }`); kept for 0.x callers. */
  readonly now?: () => Date
  /** Injectable id source, for reproducible output in tests. */
  readonly uuid?: () => string
}

/** Everything `packageReferral` needs. @category model */
export interface ReferralInput {
  readonly patient: PatientDetails
  readonly referral: ReferralDetails
  readonly images: readonly ReferralImageInput[]
  readonly options?: PackageOptions
}
