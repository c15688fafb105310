import * as E from 'fp-ts/lib/Either.js'

import { type CheckedDicom, checkDeviceDicom, type PatientIdPolicy } from './dicom-passthrough.js'
import { type Digests, digestBytes, type Hasher } from './digests.js'
import { type Downscaler } from './downscaler.js'
import { downscaleFailed, heicNotSupported, notAnImage, type ReferralError, sizeLimitExceeded } from './errors.js'
import { sniffFormat } from './image-format.js'
import { type ImageLimits } from './image-limits.js'
import { stripJpeg } from './jpeg-strip.js'
import { stripPng } from './png-strip.js'
import { type ReferralImageInput } from './referral-input.js'
import { type SizePolicy } from './size-policy.js'
import { type StrippedImage } from './strip-image.js'

/** A derived (re-encoded, smaller) copy made under the size policy. @category model */
export interface DerivedCopy {
  readonly bytes: Uint8Array
  readonly digests: Digests
  readonly method: string
  readonly width?: number
  readonly height?: number
}

/** One input after stripping (or checking, for device DICOM) and hashing. @category model */
export type ProcessedImage =
  | {
      readonly kind: 'image'
      readonly input: ReferralImageInput
      readonly stripped: StrippedImage
      readonly digests: Digests
      readonly derived?: DerivedCopy
    }
  | {
      readonly kind: 'device-dicom'
      readonly input: ReferralImageInput
      readonly checked: CheckedDicom
      readonly digests: Digests
    }

/** Settings the per-image step needs. @internal */
export interface ProcessSettings {
  readonly nhsNumber: string
  readonly limits: ImageLimits
  readonly sizePolicy: SizePolicy
  readonly downscaler: Downscaler | undefined
  readonly patientIdPolicy: PatientIdPolicy
  readonly hasher: Hasher
}

const withFile = <Err extends ReferralError>(e: Err, fileName: string): Err => ({
  ...e,
  fileName,
  message: `${fileName}: ${e.message}`,
})

async function derive(
  img: ReferralImageInput,
  clean: Uint8Array,
  s: ProcessSettings,
): Promise<E.Either<ReferralError, DerivedCopy>> {
  const max = s.sizePolicy.maxFileBytes
  if (s.sizePolicy.onOversize !== 'downscale' || s.downscaler === undefined) {
    return E.left(sizeLimitExceeded({ scope: 'file', bytes: clean.length, limit: max, fileName: img.fileName }))
  }
  let out: Uint8Array
  try {
    out = await s.downscaler.downscale(clean, max)
  } catch (thrown) {
    return E.left(downscaleFailed(`${img.fileName}: downscaling failed: ${String(thrown)}`, img.fileName))
  }
  // Re-strip the derived copy: an encoder may add its own metadata.
  const again = stripJpeg(out, s.limits)
  if (E.isLeft(again)) return E.left(withFile(again.left, img.fileName))
  if (again.right.bytes.length > max)
    return E.left(
      sizeLimitExceeded({ scope: 'file', bytes: again.right.bytes.length, limit: max, fileName: img.fileName }),
    )
  const bytes = again.right.bytes
  return E.right({
    bytes,
    digests: await digestBytes(bytes, s.hasher),
    method: s.downscaler.describe,
    width: again.right.frame.width,
    height: again.right.frame.height,
  })
}

async function processStripped(
  img: ReferralImageInput,
  stripped: StrippedImage,
  s: ProcessSettings,
): Promise<E.Either<ReferralError, ProcessedImage>> {
  const digests = await digestBytes(stripped.bytes, s.hasher)
  if (stripped.bytes.length <= s.sizePolicy.maxFileBytes)
    return E.right({ kind: 'image', input: img, stripped, digests })
  const derived = await derive(img, stripped.bytes, s)
  if (E.isLeft(derived)) return derived
  return E.right({ kind: 'image', input: img, stripped, digests, derived: derived.right })
}

/**
 * Reads one input: JPEG/PNG are stripped and hashed (and downscaled only when the size policy
 * allows it); device DICOM is checked and hashed unchanged; HEIC and anything else is refused.
 *
 * @internal
 */
export async function processImage(
  img: ReferralImageInput,
  s: ProcessSettings,
): Promise<E.Either<ReferralError, ProcessedImage>> {
  const f = sniffFormat(img.bytes)
  if (f.kind === 'heif') return E.left(withFile(heicNotSupported(f.brand), img.fileName))
  if (f.kind === 'unknown') return E.left(withFile(notAnImage('not a JPEG, PNG or DICOM file'), img.fileName))
  if (f.kind === 'dicom') {
    const checked = checkDeviceDicom(img.bytes, s.nhsNumber, s.patientIdPolicy, img.fileName)
    if (E.isLeft(checked)) return checked
    if (img.bytes.length > s.sizePolicy.maxFileBytes) {
      return E.left(
        sizeLimitExceeded({
          scope: 'file',
          bytes: img.bytes.length,
          limit: s.sizePolicy.maxFileBytes,
          fileName: img.fileName,
        }),
      )
    }
    return E.right({
      kind: 'device-dicom',
      input: img,
      checked: checked.right,
      digests: await digestBytes(img.bytes, s.hasher),
    })
  }
  const stripped = f.kind === 'jpeg' ? stripJpeg(img.bytes, s.limits) : stripPng(img.bytes, s.limits)
  if (E.isLeft(stripped)) return E.left(withFile(stripped.left, img.fileName))
  return processStripped(img, stripped.right, s)
}
