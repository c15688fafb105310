import * as E from 'fp-ts/lib/Either.js'

import { type DeviceDetails, type ImageRole, type PatientDetails } from './dicom-image-meta.js'
import { uuidToDicomUid } from './dicom-uid.js'
import { dicomPersonName } from './person-name.js'
import { wrapJpegAsDicom } from './dicom-wrap.js'
import { type GuidanceWarning } from './guidance.js'
import { type ProcessedImage } from './process-image.js'
import { type ReferralDetails } from './referral-input.js'

/** DICOM identity of one processed image (instance UID always, file when wrapped). @internal */
export interface ImageDicom {
  readonly instanceUid: string
  readonly modality: string
  readonly file?: Uint8Array
}

/** Settings for wrapping a referral's JPEGs. @internal */
export interface ReferralDicomSettings {
  readonly enabled: boolean
  readonly dermoscopicSopClass: 'dermoscopic' | 'vl-photographic'
  readonly device: DeviceDetails
  readonly patient: PatientDetails
  readonly referral: ReferralDetails
  readonly now: Date
  readonly uuid: () => string
}

const sopClassFor = (role: ImageRole, s: ReferralDicomSettings): 'dermoscopic' | 'vl-photographic' =>
  role === 'dermoscopic' ? s.dermoscopicSopClass : 'vl-photographic'

/**
 * Gives every image a SOP Instance UID and wraps JPEGs as DICOM: one study per referral, one
 * series per (SOP class, role), since Modality is a series-level attribute (PS3.3 C.7.3.1).
 * A JPEG that cannot be wrapped without re-encoding gets a warning, not an error.
 *
 * @internal
 */
export function referralDicom(
  images: readonly ProcessedImage[],
  s: ReferralDicomSettings,
): { studyUid: string; dicom: ImageDicom[]; warnings: GuidanceWarning[] } {
  const studyUid = uuidToDicomUid(s.uuid())
  const series = new Map<string, { uid: string; number: number; count: number }>()
  const warnings: GuidanceWarning[] = []
  const dicom = images.map((p, i): ImageDicom => {
    if (p.kind === 'device-dicom')
      return { instanceUid: p.checked.sopInstanceUid, modality: p.checked.modality || 'OP' }
    const sopClass = sopClassFor(p.input.role, s)
    const modality = sopClass === 'dermoscopic' ? 'DMS' : 'XC'
    const instanceUid = uuidToDicomUid(s.uuid())
    if (!s.enabled) return { instanceUid, modality }
    if (p.stripped.format !== 'jpeg') {
      warnings.push({
        code: 'no-dicom',
        message: `image ${i + 1} (${p.input.role}): PNG is not wrapped as DICOM (it would need decoding)`,
      })
      return { instanceUid, modality }
    }
    const key = `${sopClass}:${p.input.role}`
    const se = series.get(key) ?? { uid: uuidToDicomUid(s.uuid()), number: series.size + 1, count: 0 }
    se.count += 1
    series.set(key, se)
    const wrapped = wrapJpegAsDicom(p.stripped, {
      patient: s.patient,
      studyInstanceUid: studyUid,
      seriesInstanceUid: se.uid,
      sopInstanceUid: instanceUid,
      seriesNumber: se.number,
      instanceNumber: se.count,
      role: p.input.role,
      sopClass,
      ...(p.input.bodySite === undefined ? {} : { bodySite: p.input.bodySite }),
      device: s.device,
      capturedAt: p.input.capturedAt ?? s.now,
      createdAt: s.now,
      ...(s.referral.ubrn === undefined ? {} : { accessionNumber: s.referral.ubrn }),
      referringPhysician: dicomPersonName(s.referral.requester.display),
      recognizableFeatures: p.input.recognizableFeatures ?? false,
      ...(p.input.dermoscopy === undefined ? {} : { dermoscopy: p.input.dermoscopy }),
    })
    if (E.isLeft(wrapped)) {
      warnings.push({
        code: 'no-dicom',
        message: `image ${i + 1} (${p.input.role}): no DICOM made: ${wrapped.left.message}`,
      })
      return { instanceUid, modality }
    }
    return { instanceUid, modality, file: wrapped.right }
  })
  return { studyUid, dicom, warnings }
}
