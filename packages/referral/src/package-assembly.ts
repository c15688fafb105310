import * as E from 'fp-ts/lib/Either.js'

import { encodeBundleJson } from './bundle-json.js'
import { type Hasher, sha256Only } from './digests.js'
import { type ReferralError } from './errors.js'
import { type BundleImage, buildReferralBundle } from './fhir-bundle.js'
import { type GuidanceImage, type GuidanceWarning, photoSetGuidance } from './guidance.js'
import { type Manifest, type ManifestFile, type PackageFile } from './manifest.js'
import { type ReferralPackage } from './referral-package.js'
import { type ProcessedImage } from './process-image.js'
import { type ImageDicom } from './referral-dicom.js'
import { type ReferralInput } from './referral-input.js'
import { validateBundle } from './validate-bundle.js'
import { ownedBytes } from './internal/bytes.js'

/** @internal */
export interface AssemblyInput {
  readonly input: ReferralInput
  readonly processed: readonly ProcessedImage[]
  readonly dicom: {
    readonly studyUid: string
    readonly dicom: readonly ImageDicom[]
    readonly warnings: readonly GuidanceWarning[]
  }
  readonly now: Date
  readonly uuid: () => string
  readonly hasher: Hasher
}

interface Collected {
  files: PackageFile[]
  entries: ManifestFile[]
  bundleImages: BundleImage[]
  guidance: GuidanceImage[]
  warnings: GuidanceWarning[]
  hasher: Hasher
}

const stem = (i: number, role: string): string => `${String(i + 1).padStart(2, '0')}-${role}`

/** What every bundle image entry of one input image shares. */
type ImageCommon = Pick<BundleImage, 'role' | 'modality' | 'instanceUid' | 'capturedAt' | 'bodySite'>

function commonOf(p: ProcessedImage, d: ImageDicom): ImageCommon {
  return {
    role: p.input.role,
    modality: d.modality,
    instanceUid: d.instanceUid,
    capturedAt: p.input.capturedAt ?? new Date(0),
    ...(p.input.bodySite === undefined ? {} : { bodySite: p.input.bodySite }),
  }
}

async function collectImage(c: Collected, p: ProcessedImage, d: ImageDicom, i: number): Promise<void> {
  const base = stem(i, p.input.role)
  if (p.kind === 'device-dicom') return collectDevicePassThrough(c, p, d, i, base)
  const path = collectCleanImage(c, p, i, base)
  if (d.file !== undefined) await collectWrappedDicom(c, p, d.file, i, base)
  if (p.derived === undefined) {
    const s = p.stripped
    c.bundleImages.push({
      ...commonOf(p, d),
      title: path,
      contentType: s.format === 'jpeg' ? 'image/jpeg' : 'image/png',
      bytes: s.bytes,
      digests: p.digests,
      ...strippedDims(s),
    })
  } else collectDerivedCopy(c, p, p.derived, d, i, base)
}

type DeviceDicom = Extract<ProcessedImage, { kind: 'device-dicom' }>
type CleanImage = Extract<ProcessedImage, { kind: 'image' }>

// A device's own DICOM goes out byte for byte (checked by checkDeviceDicom before it got here).
function collectDevicePassThrough(c: Collected, p: DeviceDicom, d: ImageDicom, i: number, base: string): void {
  const path = `dicom/${base}.dcm`
  const size = dims(p.checked.columns, p.checked.rows)
  c.files.push({ path, mediaType: 'application/dicom', bytes: ownedBytes(p.input.bytes) })
  c.entries.push({
    path,
    mediaType: 'application/dicom',
    role: 'dicom-passthrough',
    size: p.digests.size,
    sha256: p.digests.sha256,
    sha1Base64: p.digests.sha1Base64,
    image: i + 1,
    imageRole: p.input.role,
  })
  c.bundleImages.push({
    ...commonOf(p, d),
    title: path,
    contentType: 'application/dicom',
    bytes: p.input.bytes,
    digests: p.digests,
    ...size,
  })
  c.guidance.push({ file: path, role: p.input.role, hasBodySite: p.input.bodySite !== undefined, ...size })
  c.warnings.push(
    ...p.checked.warnings.map((message) => ({
      code: 'patient-id' as const,
      message: `${path}: ${message}`,
      file: path,
    })),
  )
}

// The stripped JPEG or PNG: its file, manifest entry (with what was removed), warnings and guidance.
function collectCleanImage(c: Collected, p: CleanImage, i: number, base: string): string {
  const s = p.stripped
  const jpeg = s.format === 'jpeg'
  const path = `images/${base}.${jpeg ? 'jpg' : 'png'}`
  const mediaType = jpeg ? 'image/jpeg' : 'image/png'
  c.files.push({ path, mediaType, bytes: ownedBytes(s.bytes) })
  c.entries.push({
    path,
    mediaType,
    role: 'clean-image',
    size: p.digests.size,
    sha256: p.digests.sha256,
    sha1Base64: p.digests.sha1Base64,
    image: i + 1,
    imageRole: p.input.role,
    stripped: s.removed,
  })
  c.warnings.push(
    ...s.warnings.map((message) => ({ code: 'image' as const, message: `${path}: ${message}`, file: path })),
  )
  c.guidance.push({ file: path, role: p.input.role, hasBodySite: p.input.bodySite !== undefined, ...strippedDims(s) })
  return path
}

// The DICOM object we wrapped around the stripped JPEG (not in the bundle: the image is there already).
async function collectWrappedDicom(c: Collected, p: CleanImage, file: Uint8Array, i: number, base: string) {
  const path = `dicom/${base}.dcm`
  const digests = await sha256Only(file, c.hasher)
  c.files.push({ path, mediaType: 'application/dicom', bytes: ownedBytes(file) })
  c.entries.push({
    path,
    mediaType: 'application/dicom',
    role: 'dicom-wrapped',
    size: digests.size,
    sha256: digests.sha256,
    image: i + 1,
    imageRole: p.input.role,
  })
}

// A downscaled copy made to meet the size policy: it replaces the original in the bundle, and the
// manifest says how it was made and from which original.
function collectDerivedCopy(
  c: Collected,
  p: CleanImage,
  dv: NonNullable<CleanImage['derived']>,
  d: ImageDicom,
  i: number,
  base: string,
): void {
  const path = `images/${base}.derived.jpg`
  const note = `derived copy: downscaled and re-encoded (lossy) to fit the size limit by ${dv.method}; original SHA-256 ${p.digests.sha256}`
  c.files.push({ path, mediaType: 'image/jpeg', bytes: ownedBytes(dv.bytes) })
  c.entries.push({
    path,
    mediaType: 'image/jpeg',
    role: 'derived-image',
    size: dv.digests.size,
    sha256: dv.digests.sha256,
    sha1Base64: dv.digests.sha1Base64,
    image: i + 1,
    imageRole: p.input.role,
    derived: { reason: 'size-limit', method: dv.method, fromSha256: p.digests.sha256, fromSize: p.digests.size },
  })
  c.warnings.push({ code: 'image', message: `${path}: ${note}`, file: path })
  c.bundleImages.push({
    ...commonOf(p, d),
    title: path,
    contentType: 'image/jpeg',
    bytes: dv.bytes,
    digests: dv.digests,
    derivedNote: note,
    ...dims(dv.width, dv.height),
  })
}

const strippedDims = (s: CleanImage['stripped']) =>
  s.format === 'jpeg' ? dims(s.frame.width, s.frame.height) : dims(s.width, s.height)

function dims(width: number | undefined, height: number | undefined): { width?: number; height?: number } {
  return width === undefined || height === undefined ? {} : { width, height }
}

/**
 * Turns processed images into the package: file list, FHIR bundle (validated), manifest.
 *
 * @internal
 */
export async function assemblePackage(a: AssemblyInput): Promise<E.Either<ReferralError, ReferralPackage>> {
  const c: Collected = { files: [], entries: [], bundleImages: [], guidance: [], warnings: [], hasher: a.hasher }
  for (const [i, p] of a.processed.entries()) {
    const d = a.dicom.dicom[i] as ImageDicom
    const withTime = p.input.capturedAt === undefined ? { ...p, input: { ...p.input, capturedAt: a.now } } : p
    await collectImage(c, withTime, d, i)
  }
  const { referral, patient } = a.input
  const mode = a.input.options?.fhirMode ?? 'media'
  const bundle = validateBundle(
    buildReferralBundle({ patient, referral, images: c.bundleImages, mode, now: a.now, uuid: a.uuid }),
  )
  if (E.isLeft(bundle)) return bundle
  const minLongEdge = a.input.options?.minLongEdge
  const guidance = photoSetGuidance(c.guidance, {
    specialty: referral.specialty,
    consentRecorded: referral.consentRecorded,
    ...(minLongEdge === undefined ? {} : { minLongEdge }),
  })
  const bundleBytes = encodeBundleJson(bundle.right)
  const bundleDigests = await sha256Only(bundleBytes, a.hasher)
  c.files.unshift({ path: 'bundle.json', mediaType: 'application/fhir+json', bytes: bundleBytes })
  c.entries.unshift({
    path: 'bundle.json',
    mediaType: 'application/fhir+json',
    role: 'fhir-bundle',
    size: bundleDigests.size,
    sha256: bundleDigests.sha256,
  })
  const manifest: Manifest = {
    format: 'openward-referral-package',
    version: 1,
    createdAt: a.now.toISOString(),
    studyInstanceUid: a.dicom.studyUid,
    fhirMode: mode,
    files: c.entries,
    warnings: [...guidance, ...a.dicom.warnings, ...c.warnings],
  }
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)
  return E.right({
    files: [...c.files, { path: 'manifest.json', mediaType: 'application/json', bytes: manifestBytes }],
    bundle: bundle.right,
    manifest,
  })
}
