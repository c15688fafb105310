import { describeThrown } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type DicomRejected, dicomRejected } from './errors.js'
import { type DicomHeader, readDicomHeader } from './dicom/dicom-header-reader.js'
import { encapsulatedFragments } from './encapsulated-pixel-data.js'
import { isEncapsulated, pixelDataFindings } from './dicom-pixel-metadata.js'

/** SOP classes a device may send through unchanged (PS3.4 Annex B; spec note section 1.2). @category dicom */
export const PASS_THROUGH_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.77.1.5.1': 'Ophthalmic Photography 8 Bit Image',
  '1.2.840.10008.5.1.4.1.1.77.1.5.2': 'Ophthalmic Photography 16 Bit Image',
  '1.2.840.10008.5.1.4.1.1.77.1.5.4': 'Ophthalmic Tomography Image',
  '1.2.840.10008.5.1.4.1.1.77.1.5.5': 'Wide Field Ophthalmic Photography Stereographic Projection Image',
  '1.2.840.10008.5.1.4.1.1.77.1.5.6': 'Wide Field Ophthalmic Photography 3D Coordinates Image',
  '1.2.840.10008.5.1.4.1.1.77.1.4': 'VL Photographic Image',
  '1.2.840.10008.5.1.4.1.1.77.1.7': 'Dermoscopic Photography Image',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
}

/** What the checks found in a device DICOM file that is passed through byte for byte. @category model */
export interface CheckedDicom {
  readonly sopClassUid: string
  readonly sopClassName: string
  readonly sopInstanceUid: string
  readonly modality: string
  readonly transferSyntaxUid: string
  readonly patientId: string
  readonly rows?: number
  readonly columns?: number
  readonly warnings: readonly string[]
}

/** How to treat a device file whose PatientID is not the referral's NHS number. @category model */
export type PatientIdPolicy = 'reject' | 'warn'

// VL Photographic Geolocation module (PS3.3 C.8.12.12): GPS attributes live in group 0016,
// elements 0x0070..0x008F. A forwarded object must not carry them.
const hasGeolocation = (tags: readonly number[]): boolean =>
  tags.some((t) => t >>> 16 === 0x0016 && (t & 0xffff) >= 0x70 && (t & 0xffff) <= 0x8f)

/**
 * Checks a device's own DICOM file (e.g. an optometrist's OP or OPT export) before it is sent on
 * unchanged: it must parse, carry a known SOP class, hold no GPS geolocation, carry nothing but the
 * picture inside encapsulated pixel data (no Exif, XMP, comments or ICC text in its JPEG frames), and
 * name the same patient (PatientID equal to the NHS number; a mismatch is rejected unless `policy` is 'warn').
 * The bytes are never modified: a file that fails is refused, not "fixed".
 *
 * @category dicom
 */
export function checkDeviceDicom(
  bytes: Uint8Array,
  nhsNumber: string,
  policy: PatientIdPolicy = 'reject',
  fileName?: string,
): E.Either<DicomRejected, CheckedDicom> {
  let header: DicomHeader
  try {
    // The checks need the header only: reading stops at Pixel Data, so large OPT volumes stay cheap.
    header = readDicomHeader(bytes)
  } catch (thrown) {
    return E.left(dicomRejected('unreadable', `DICOM could not be parsed: ${describeThrown(thrown)}`, fileName))
  }
  const value = (tag: number) => header.text.get(tag) ?? ''
  const sopClassUid = value(0x00080016)
  const sopClassName = PASS_THROUGH_SOP_CLASSES[sopClassUid]
  if (sopClassName === undefined)
    return E.left(
      dicomRejected('sop-class', `SOP class ${sopClassUid || '(none)'} is not accepted for pass-through`, fileName),
    )
  if (hasGeolocation(header.tags))
    return E.left(
      dicomRejected('geolocation', 'DICOM carries GPS geolocation (group 0016): refused, not forwarded', fileName),
    )
  const patientId = value(0x00100020).replace(/\s/g, '')
  const warnings: string[] = []
  if (patientId !== nhsNumber) {
    const message = `DICOM PatientID '${patientId}' is not the referral's NHS number`
    if (policy === 'reject') return E.left(dicomRejected('patient-mismatch', message, fileName))
    // Not prefixed with the sender's file name: warnings go into the package's manifest, and a file name
    // is free text ("Jane Doe 1962.dcm"). The assembly names the file by its path inside the package.
    warnings.push(`${message} (sent unchanged, identity to be reconciled by the receiver)`)
  }
  const transferSyntaxUid = header.transferSyntaxUid
  if (isEncapsulated(transferSyntaxUid)) {
    const findings = pixelDataFindings(encapsulatedFragments(bytes), transferSyntaxUid)
    if (findings.length > 0)
      return E.left(
        dicomRejected(
          'pixel-data-metadata',
          `the pixel data carries more than the picture: ${findings.join('; ')}. Refused, not forwarded (the device object is never modified)`,
          fileName,
        ),
      )
  }
  const rows = header.us.get(0x00280010)
  const columns = header.us.get(0x00280011)
  return E.right({
    sopClassUid,
    sopClassName,
    sopInstanceUid: value(0x00080018),
    modality: value(0x00080060),
    transferSyntaxUid,
    patientId,
    ...(rows === undefined ? {} : { rows }),
    ...(columns === undefined ? {} : { columns }),
    warnings,
  })
}
