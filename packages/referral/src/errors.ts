import {
  type ChecksumMismatch,
  type InvalidField,
  type InvalidSync,
  type TaggedError,
  type Truncated,
  type Unsupported,
  taggedError,
} from '@openward/core'

/** The input is not an image format this package reads (JPEG, PNG or DICOM). @category errors */
export interface NotAnImage extends TaggedError<'NotAnImage'> {
  readonly fileName?: string
}

/** HEIC/HEIF/AVIF input: there is no decoder here, so it cannot be stripped or wrapped. @category errors */
export interface HeicNotSupported extends TaggedError<'HeicNotSupported'> {
  readonly brand: string
}

/** Declared dimensions or input size beyond the configured limits (decompression-bomb guard). @category errors */
export interface ImageTooLarge extends TaggedError<'ImageTooLarge'> {
  readonly width?: number
  readonly height?: number
  readonly bytes?: number
  readonly limit: number
}

/** A file or the whole referral is over the size policy and no downscaler was allowed. @category errors */
export interface SizeLimitExceeded extends TaggedError<'SizeLimitExceeded'> {
  readonly scope: 'file' | 'referral'
  readonly bytes: number
  readonly limit: number
  readonly fileName?: string
}

/** A device DICOM object failed the pass-through checks (unknown SOP class, GPS, wrong patient, metadata inside its pixel data). @category errors */
export interface DicomRejected extends TaggedError<'DicomRejected'> {
  readonly reason: 'unreadable' | 'sop-class' | 'geolocation' | 'patient-mismatch' | 'pixel-data-metadata'
  readonly fileName?: string
}

/** The referral input itself is invalid (bad NHS number, missing image, bad option). @category errors */
export interface InvalidReferral extends TaggedError<'InvalidReferral'> {
  readonly field: string
}

/** The FHIR bundle did not pass validation (the issues are listed). @category errors */
export interface BundleInvalid extends TaggedError<'BundleInvalid'> {
  readonly issues: readonly string[]
}

/** A derived (downscaled) copy could not be produced. @category errors */
export interface DownscaleFailed extends TaggedError<'DownscaleFailed'> {
  readonly fileName?: string
}

/**
 * Every way reading or stripping one image can fail. Extends the shared `@openward/core` decode
 * errors with image-specific tags.
 *
 * @category errors
 */
export type ImageError =
  | Truncated
  | InvalidSync
  | InvalidField
  | ChecksumMismatch
  | Unsupported
  | NotAnImage
  | HeicNotSupported
  | ImageTooLarge

/** Every way packaging a referral can fail. @category errors */
export type ReferralError =
  ImageError | SizeLimitExceeded | DicomRejected | InvalidReferral | BundleInvalid | DownscaleFailed

/** @category errors */
export const notAnImage = (message: string): NotAnImage => taggedError('NotAnImage', message)

/** @category errors */
export const heicNotSupported = (brand: string): HeicNotSupported =>
  taggedError(
    'HeicNotSupported',
    `HEIC/HEIF image (brand '${brand}') cannot be packaged: no HEVC decoder here. Capture or export as JPEG.`,
    { brand },
  )

/** @category errors */
export const imageTooLarge = (message: string, detail: Omit<ImageTooLarge, '_tag' | 'message'>): ImageTooLarge =>
  taggedError('ImageTooLarge', message, detail)

/** @category errors */
export const sizeLimitExceeded = (detail: Omit<SizeLimitExceeded, '_tag' | 'message'>): SizeLimitExceeded =>
  taggedError(
    'SizeLimitExceeded',
    `${detail.scope === 'file' ? `file ${detail.fileName ?? ''}` : 'referral'} is ${detail.bytes} bytes, over the limit of ${detail.limit}`,
    detail,
  )

/** @category errors */
export const dicomRejected = (reason: DicomRejected['reason'], message: string, fileName?: string): DicomRejected =>
  taggedError('DicomRejected', message, fileName === undefined ? { reason } : { reason, fileName })

/** @category errors */
export const invalidReferral = (field: string, message: string): InvalidReferral =>
  taggedError('InvalidReferral', `${field}: ${message}`, { field })

/** @category errors */
export const bundleInvalid = (issues: readonly string[]): BundleInvalid =>
  taggedError('BundleInvalid', `FHIR bundle failed validation: ${issues.slice(0, 3).join('; ')}`, { issues })

/** @category errors */
export const downscaleFailed = (message: string, fileName?: string): DownscaleFailed =>
  taggedError('DownscaleFailed', message, fileName === undefined ? {} : { fileName })
