import * as E from 'fp-ts/lib/Either.js'

import { encodeBundleJson } from './bundle-json.js'
import { type Hasher, sha256Only } from './digests.js'
import { type ReferralError } from './errors.js'
import { type BundleImage, buildReferralBundle } from './fhir-bundle.js'
import { type GuidanceImage, type GuidanceWarning, photoSetGuidance } from './guidance.js'
import { type Manifest, type ManifestFile, type PackageFile } from './manifest.js'
import { type ReferralPackage } from './package-referral.js'
import { type ProcessedImage } from './process-image.js'
import { type ImageDicom } from './referral-dicom.js'
import { type ReferralInput } from './referral-input.js'
import { validateBundle } from './validate-bundle.js'

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

async function collectImage(c: Collected, p: ProcessedImage, d: ImageDicom, i: number): Promise<void> {
  const base = stem(i, p.input.role)
  const common = {
    role: p.input.role,
    modality: d.modality,
    instanceUid: d.instanceUid,
    capturedAt: p.input.capturedAt ?? new Date(0),
  }
  const site = p.input.bodySite === undefined ? {} : { bodySite: p.input.bodySite }
  if (p.kind === 'device-dicom') {
    const path = `dicom/${base}.dcm`
    c.files.push({ path, mediaType: 'application/dicom', bytes: p.input.bytes })
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
      ...common,
      ...site,
      title: path,
      contentType: 'application/dicom',
      bytes: p.input.bytes,
      digests: p.digests,
      ...dims(p.checked.columns, p.checked.rows),
    })
    c.guidance.push({
      file: path,
      role: p.input.role,
      hasBodySite: p.input.bodySite !== undefined,
      ...dims(p.checked.columns, p.checked.rows),
    })
    c.warnings.push(...p.checked.warnings.map((message) => ({ code: 'patient-id' as const, message, file: path })))
    return
  }
  const s = p.stripped
  const ext = s.format === 'jpeg' ? 'jpg' : 'png'
  const mediaType = s.format === 'jpeg' ? 'image/jpeg' : 'image/png'
  const size = s.format === 'jpeg' ? dims(s.frame.width, s.frame.height) : dims(s.width, s.height)
  const path = `images/${base}.${ext}`
  c.files.push({ path, mediaType, bytes: s.bytes })
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
  c.guidance.push({ file: path, role: p.input.role, hasBodySite: p.input.bodySite !== undefined, ...size })
  if (d.file !== undefined) {
    const dpath = `dicom/${base}.dcm`
    const dd = await sha256Only(d.file, c.hasher)
    c.files.push({ path: dpath, mediaType: 'application/dicom', bytes: d.file })
    c.entries.push({
      path: dpath,
      mediaType: 'application/dicom',
      role: 'dicom-wrapped',
      size: dd.size,
      sha256: dd.sha256,
      image: i + 1,
      imageRole: p.input.role,
    })
  }
  if (p.derived === undefined) {
    c.bundleImages.push({
      ...common,
      ...site,
      title: path,
      contentType: mediaType,
      bytes: s.bytes,
      digests: p.digests,
      ...size,
    })
    return
  }
  const dv = p.derived
  const dpath = `images/${base}.derived.jpg`
  const note = `derived copy: downscaled and re-encoded (lossy) to fit the size limit by ${dv.method}; original SHA-256 ${p.digests.sha256}`
  c.files.push({ path: dpath, mediaType: 'image/jpeg', bytes: dv.bytes })
  c.entries.push({
    path: dpath,
    mediaType: 'image/jpeg',
    role: 'derived-image',
    size: dv.digests.size,
    sha256: dv.digests.sha256,
    sha1Base64: dv.digests.sha1Base64,
    image: i + 1,
    imageRole: p.input.role,
    derived: { reason: 'size-limit', method: dv.method, fromSha256: p.digests.sha256, fromSize: p.digests.size },
  })
  c.warnings.push({ code: 'image', message: `${dpath}: ${note}`, file: dpath })
  c.bundleImages.push({
    ...common,
    ...site,
    title: dpath,
    contentType: 'image/jpeg',
    bytes: dv.bytes,
    digests: dv.digests,
    derivedNote: note,
    ...dims(dv.width, dv.height),
  })
}

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
