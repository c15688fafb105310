/**
 * `@openward/referral`: packages referral images (teledermatology, optometry) so they can travel
 * safely: metadata stripped at byte level with the pixels untouched, hashes, DICOM wrapping
 * without re-encoding, device DICOM pass-through, a validated FHIR R4 transaction Bundle, photo-set
 * guidance warnings and an explicit size policy. Browser-safe; writing to disk is in
 * `@openward/referral/node`.
 *
 * @packageDocumentation
 */
export type { BodySite, Laterality } from './body-site.js'
export { BODY_SITES, IMAGE_LATERALITY, LATERALITY_CODES, parseBodySite } from './body-site.js'
export type {
  DermoscopySettings,
  DeviceDetails,
  DicomImageMeta,
  ImageRole,
  PatientDetails,
} from './dicom-image-meta.js'
export type { CheckedDicom, PatientIdPolicy } from './dicom-passthrough.js'
export { checkDeviceDicom, PASS_THROUGH_SOP_CLASSES } from './dicom-passthrough.js'
export { randomUuid, uuidToDicomUid } from './dicom-uid.js'
export { buildDicomDataset, DICOM_UIDS, dicomWrapBlocker, wrapJpegAsDicom } from './dicom-wrap.js'
export type { Digests, Hasher } from './digests.js'
export { digestBytes, sha256Only, webCryptoHasher } from './digests.js'
export type { Downscaler } from './downscaler.js'
export { encapsulatedPixelData } from './encapsulated-pixel-data.js'
export type {
  BundleInvalid,
  DicomRejected,
  DownscaleFailed,
  HeicNotSupported,
  ImageError,
  ImageTooLarge,
  InvalidReferral,
  NotAnImage,
  ReferralError,
  SizeLimitExceeded,
} from './errors.js'
export type { BundleImage, BundleInput } from './fhir-bundle.js'
export { encodeBundleJson } from './bundle-json.js'
export { buildReferralBundle } from './fhir-bundle.js'
export type { FhirResource, TransactionBundle, TransactionEntry } from './fhir-types.js'
export { FHIR_SYSTEMS } from './fhir-types.js'
export type { GuidanceImage, GuidanceWarning } from './guidance.js'
export { photoSetGuidance } from './guidance.js'
export { minimalExifSegment, readExifOrientation } from './exif-orientation.js'
export type { IccProfileError, SanitizedIccProfile } from './icc/sanitize-icc-profile.js'
export { NEUTRAL_ICC_DESCRIPTION, sanitizeIccProfile } from './icc/sanitize-icc-profile.js'
export type { ImageFormat } from './image-format.js'
export { sniffFormat } from './image-format.js'
export type { ImageLimits } from './image-limits.js'
export { DEFAULT_IMAGE_LIMITS } from './image-limits.js'
export type { JpegComponent, JpegFrame } from './jpeg-frame.js'
export type { JpegLayout, JpegSegment } from './jpeg-segments.js'
export { parseJpeg } from './jpeg-segments.js'
export type { StrippedJpeg } from './jpeg-strip.js'
export { stripJpeg } from './jpeg-strip.js'
export { verifyStrippedJpeg } from './jpeg-verify.js'
export type { Manifest, ManifestFile, PackageFile, PackageFileRole } from './manifest.js'
export type { PackageProgress, ReferralPackage } from './referral-package.js'
export { packageReferral } from './package-referral.js'
export type { StrippedPng } from './png-strip.js'
export { stripPng } from './png-strip.js'
export type { DerivedCopy, ProcessedImage } from './process-image.js'
export { dicomPersonName } from './person-name.js'
export type { ReferralDetails, ReferralImageInput, ReferralInput, PackageOptions } from './referral-input.js'
export type { RemovedItem } from './removed-item.js'
export type { SizePolicy } from './size-policy.js'
export { ERS_SIZE_POLICY } from './size-policy.js'
export type { StrippedImage } from './strip-image.js'
export { stripImage } from './strip-image.js'
export { encodeZip } from './zip-store.js'
export { validateBundle } from './validate-bundle.js'
