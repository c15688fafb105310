import { validateNhsNumber } from '@openward/validators'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { randomUuid } from './dicom-uid.js'
import { webCryptoHasher } from './digests.js'
import { invalidReferral, type ReferralError, sizeLimitExceeded } from './errors.js'
import { DEFAULT_IMAGE_LIMITS } from './image-limits.js'
import { assemblePackage } from './package-assembly.js'
import { type ProcessedImage, processImage } from './process-image.js'
import { referralDicom } from './referral-dicom.js'
import { type ReferralInput } from './referral-input.js'
import { ERS_SIZE_POLICY } from './size-policy.js'
import { type PackageProgress, type ReferralPackage } from './referral-package.js'

const DEFAULT_DEVICE = {
  manufacturer: 'Unknown',
  model: 'Unknown',
  serialNumber: 'UNKNOWN',
  softwareVersion: '@openward/referral',
}

function checkInput(input: ReferralInput): E.Either<ReferralError, string> {
  const nhs = validateNhsNumber(input.patient.nhsNumber)
  if (E.isLeft(nhs)) return E.left(invalidReferral('patient.nhsNumber', nhs.left.map((i) => i.message).join('; ')))
  if (input.images.length === 0) return E.left(invalidReferral('images', 'a referral needs at least one image'))
  if (input.referral.reason.trim() === '')
    return E.left(invalidReferral('referral.reason', 'the reason for referral is empty'))
  return E.right(nhs.right)
}

async function processAll(
  input: ReferralInput,
  nhsNumber: string,
  progress?: PackageProgress,
): Promise<E.Either<ReferralError, ProcessedImage[]>> {
  const o = input.options ?? {}
  const settings = {
    nhsNumber,
    limits: o.limits ?? DEFAULT_IMAGE_LIMITS,
    sizePolicy: o.sizePolicy ?? ERS_SIZE_POLICY,
    downscaler: o.downscaler,
    patientIdPolicy: o.devicePatientIdPolicy ?? 'reject',
    hasher: o.hasher ?? webCryptoHasher,
  }
  const out: ProcessedImage[] = []
  for (const img of input.images) {
    const r = await processImage(img, settings)
    if (E.isLeft(r)) return r
    out.push(r.right)
    progress?.(out.length, input.images.length)
  }
  const total = out.reduce(
    (n, p) => n + (p.kind === 'image' ? (p.derived?.bytes ?? p.stripped.bytes).length : p.digests.size),
    0,
  )
  const max = settings.sizePolicy.maxReferralBytes
  return total > max ? E.left(sizeLimitExceeded({ scope: 'referral', bytes: total, limit: max })) : E.right(out)
}

/**
 * Packages a referral's images: strips metadata at byte level, hashes, wraps JPEGs as DICOM,
 * checks device DICOM, applies the size policy, checks the photo set against guidance, and
 * builds a validated FHIR R4 transaction Bundle and a manifest. Pure apart from Web Crypto:
 * nothing is written (see `writePackageDirectory` in `@openward/referral/node`). Returns a
 * `TaskEither` (the SDK's one convention for asynchronous work): nothing runs until it is called,
 * and it never rejects.
 *
 * @example
 * const pkg = await packageReferral({
 *   patient: { nhsNumber: '9990000018' },
 *   referral: { reason: 'Changing mole', specialty: 'Dermatology', priority: 'urgent',
 *               requester: { display: 'Dr A GP' }, consentRecorded: true },
 *   images: [{ fileName: 'a.jpg', bytes, role: 'dermoscopic', bodySite: parseBodySite('left forearm') }],
 * })()
 * @category packaging
 */
export function packageReferral(
  input: ReferralInput,
  progress?: PackageProgress,
): TE.TaskEither<ReferralError, ReferralPackage> {
  return () => packageNow(input, progress)
}

async function packageNow(
  input: ReferralInput,
  progress?: PackageProgress,
): Promise<E.Either<ReferralError, ReferralPackage>> {
  const nhs = checkInput(input)
  if (E.isLeft(nhs)) return nhs
  const patient = { ...input.patient, nhsNumber: nhs.right }
  const processed = await processAll(input, nhs.right, progress)
  if (E.isLeft(processed)) return processed
  const o = input.options ?? {}
  const now = o.clock !== undefined ? new Date(o.clock.now()) : (o.now ?? (() => new Date()))()
  const uuid = o.uuid ?? randomUuid
  const dicom = referralDicom(processed.right, {
    enabled: o.dicom ?? true,
    dermoscopicSopClass: o.dermoscopicSopClass ?? 'dermoscopic',
    device: o.device ?? DEFAULT_DEVICE,
    patient,
    referral: input.referral,
    now,
    uuid,
  })
  return assemblePackage({
    input: { ...input, patient },
    processed: processed.right,
    dicom,
    now,
    uuid,
    hasher: o.hasher ?? webCryptoHasher,
  })
}
