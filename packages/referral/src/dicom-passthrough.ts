import { describeThrown } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type DicomRejected, dicomRejected } from './errors.js'
import { dcmjsData } from './internal/dcmjs.js'
import { encapsulatedFragments } from './encapsulated-pixel-data.js'
import { isEncapsulated, pixelDataFindings } from './dicom-pixel-metadata.js'
import { hasAscii } from './internal/bytes.js'

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

const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

// VL Photographic Geolocation module (PS3.3 C.8.12.12): GPS attributes live in group 0016,
// elements 0x0070..0x008F. A forwarded object must not carry them.
const hasGeolocation = (tags: readonly string[]): boolean =>
  tags.some((t) => t.startsWith('0016') && parseInt(t.slice(4), 16) >= 0x70 && parseInt(t.slice(4), 16) <= 0x8f)

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
  if (!hasAscii(bytes, 128, 'DICM'))
    return E.left(dicomRejected('unreadable', 'not a DICOM Part 10 file (no DICM prefix)', fileName))
  let parsed: ReturnType<typeof dcmjsData.DicomMessage.readFile>
  try {
    // Stop before Pixel Data: the checks need the header only, and large OPT volumes stay cheap.
    parsed = dcmjsData.DicomMessage.readFile(bytes.slice().buffer, {
      untilTag: '7FE00010',
      includeUntilTagValue: false,
    })
  } catch (thrown) {
    return E.left(dicomRejected('unreadable', `DICOM could not be parsed: ${describeThrown(thrown)}`, fileName))
  }
  const { naturalizeDataset } = dcmjsData.DicomMetaDictionary
  const ds = naturalizeDataset(parsed.dict)
  const meta = naturalizeDataset(parsed.meta)
  const sopClassUid = str(ds.SOPClassUID)
  const sopClassName = PASS_THROUGH_SOP_CLASSES[sopClassUid]
  if (sopClassName === undefined)
    return E.left(
      dicomRejected('sop-class', `SOP class ${sopClassUid || '(none)'} is not accepted for pass-through`, fileName),
    )
  if (hasGeolocation(Object.keys(parsed.dict)))
    return E.left(
      dicomRejected('geolocation', 'DICOM carries GPS geolocation (group 0016): refused, not forwarded', fileName),
    )
  const patientId = str(ds.PatientID).replace(/\s/g, '')
  const warnings: string[] = []
  if (patientId !== nhsNumber) {
    const message = `DICOM PatientID '${patientId}' is not the referral's NHS number`
    if (policy === 'reject') return E.left(dicomRejected('patient-mismatch', message, fileName))
    warnings.push(`${fileName ?? 'DICOM'}: ${message} (sent unchanged, identity to be reconciled by the receiver)`)
  }
  const transferSyntaxUid = str(meta.TransferSyntaxUID)
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
  const rows = num(ds.Rows)
  const columns = num(ds.Columns)
  return E.right({
    sopClassUid,
    sopClassName,
    sopInstanceUid: str(ds.SOPInstanceUID),
    modality: str(ds.Modality),
    transferSyntaxUid,
    patientId,
    ...(rows === undefined ? {} : { rows }),
    ...(columns === undefined ? {} : { columns }),
    warnings,
  })
}
