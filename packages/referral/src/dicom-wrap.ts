import { type Unsupported, unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { IMAGE_LATERALITY, LATERALITY_CODES } from './body-site.js'
import { type DicomImageMeta } from './dicom-image-meta.js'
import { dicomDate, dicomDateTime, dicomTime } from './dicom-time.js'
import { encapsulatedPixelDataParts } from './encapsulated-pixel-data.js'
import { concatBytes } from './internal/bytes.js'
import { encodePart10 } from './dicom/dicom-writer.js'
import { type JpegFrame } from './jpeg-frame.js'
import { type StrippedJpeg } from './jpeg-strip.js'

/** DICOM UIDs used by the wrapper (PS3.6 Annex A). @category dicom */
export const DICOM_UIDS = {
  vlPhotographic: '1.2.840.10008.5.1.4.1.1.77.1.4',
  dermoscopic: '1.2.840.10008.5.1.4.1.1.77.1.7',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  /** Our implementation class UID (2.25 form, fixed for this library). */
  implementationClass: '2.25.239841096384116785127463014223356612051',
} as const

// PS3.5 8.2.1 and PS3.3 C.7.6.3.1.2: subsampled YCbCr in JPEG is YBR_FULL_422 (also for 4:2:0),
// full-resolution chroma is YBR_FULL, an Adobe APP14 transform 0 means the components are RGB.
function photometric(frame: JpegFrame, adobeTransform: number | undefined): string {
  if (frame.components.length === 1) return 'MONOCHROME2'
  if (adobeTransform === 0) return 'RGB'
  const [first, ...rest] = frame.components
  const subsampled = rest.some((c) => c.h !== first?.h || c.v !== first.v)
  return subsampled ? 'YBR_FULL_422' : 'YBR_FULL'
}

/** Why a stripped JPEG cannot be wrapped as JPEG Baseline without re-encoding, or undefined. @category dicom */
export function dicomWrapBlocker(image: StrippedJpeg): Unsupported | undefined {
  const f = image.frame
  if (f.sof !== 0xc0)
    return unsupported(
      'non-baseline JPEG',
      `JPEG SOF 0x${f.sof.toString(16)} (not baseline): no JPEG Baseline transfer syntax without re-encoding`,
    )
  if (f.precision !== 8) return unsupported('JPEG precision', `${f.precision}-bit JPEG is not JPEG Baseline`)
  if (f.components.length === 4)
    return unsupported('CMYK JPEG', 'four-component (CMYK/YCCK) JPEG has no DICOM photometric interpretation')
  if (image.orientation !== 1) {
    return unsupported(
      'EXIF orientation',
      `EXIF orientation ${image.orientation}: DICOM ignores it, so the image would display rotated; rotate it first`,
    )
  }
  return undefined
}

function patientModule(m: DicomImageMeta): Record<string, unknown> {
  const p = m.patient
  return {
    PatientName: [{ Alphabetic: [p.family ?? '', (p.given ?? []).join(' ')].join('^').replace(/\^$/, '') }],
    PatientID: p.nhsNumber,
    IssuerOfPatientID: 'NHS',
    // NHS number OID per the HL7 UK OID register (spec note: to confirm against NHS guidance).
    IssuerOfPatientIDQualifiersSequence: [
      { UniversalEntityID: '2.16.840.1.113883.2.1.4.1', UniversalEntityIDType: 'ISO' },
    ],
    PatientBirthDate: (p.birthDate ?? '').replace(/-/g, ''),
    PatientSex: p.gender === 'male' ? 'M' : p.gender === 'female' ? 'F' : p.gender === 'other' ? 'O' : '',
  }
}

function anatomy(m: DicomImageMeta): Record<string, unknown> {
  const site = m.bodySite
  if (site === undefined) return { AnatomicRegionSequence: [], ImageLaterality: 'U' }
  const side = site.laterality
  const modifier = side === undefined || side === 'unpaired' ? undefined : LATERALITY_CODES[side]
  const region: Record<string, unknown> = {
    CodeValue: site.code,
    CodingSchemeDesignator: 'SCT',
    CodeMeaning: site.display,
  }
  if (modifier)
    region.AnatomicRegionModifierSequence = [
      { CodeValue: modifier.code, CodingSchemeDesignator: 'SCT', CodeMeaning: modifier.display },
    ]
  return { AnatomicRegionSequence: [region], ImageLaterality: IMAGE_LATERALITY[side ?? 'unpaired'] }
}

function dermoscopicModule(m: DicomImageMeta): Record<string, unknown> {
  const d = m.dermoscopy ?? {}
  const out: Record<string, unknown> = {
    LightSourcePolarization: d.polarization ?? '',
    EmitterColorTemperature: d.colorTemperatureK ?? '',
    ContactMethod: d.contact ?? '',
    OpticalMagnificationFactor: d.magnification ?? '',
  }
  if (d.contact === 'CONTACT') out.ImmersionMedia = d.immersionMedia ?? ''
  return out
}

/** The naturalised dataset (without Pixel Data) for one wrapped JPEG. @category dicom */
export function buildDicomDataset(image: StrippedJpeg, m: DicomImageMeta): Record<string, unknown> {
  const f = image.frame
  const samples = f.components.length
  const dms = m.sopClass === 'dermoscopic'
  const ratio = (f.width * f.height * samples) / image.bytes.length
  const ds: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['ORIGINAL', 'PRIMARY'],
    InstanceCreationDate: dicomDate(m.createdAt),
    InstanceCreationTime: dicomTime(m.createdAt),
    SOPClassUID: dms ? DICOM_UIDS.dermoscopic : DICOM_UIDS.vlPhotographic,
    SOPInstanceUID: m.sopInstanceUid,
    StudyDate: dicomDate(m.createdAt),
    StudyTime: dicomTime(m.createdAt),
    ContentDate: dicomDate(m.capturedAt),
    ContentTime: dicomTime(m.capturedAt),
    AcquisitionDateTime: dicomDateTime(m.capturedAt),
    TimezoneOffsetFromUTC: '+0000',
    AccessionNumber: m.accessionNumber ?? '',
    Modality: dms ? 'DMS' : 'XC',
    Manufacturer: m.device.manufacturer,
    ManufacturerModelName: m.device.model,
    DeviceSerialNumber: m.device.serialNumber,
    SoftwareVersions: m.device.softwareVersion,
    ReferringPhysicianName: [{ Alphabetic: m.referringPhysician ?? '' }],
    StudyDescription: m.studyDescription ?? 'Referral images',
    SeriesDescription: m.role,
    ...patientModule(m),
    StudyInstanceUID: m.studyInstanceUid,
    SeriesInstanceUID: m.seriesInstanceUid,
    // StudyID (SH, 16 chars): the UBRN when known, else the tail of the study UID, so it is never empty.
    StudyID: (m.accessionNumber ?? m.studyInstanceUid).slice(-16),
    SeriesNumber: m.seriesNumber,
    InstanceNumber: m.instanceNumber,
    PatientOrientation: '',
    ImageComments: m.role,
    ...anatomy(m),
    AcquisitionContextSequence: [],
    BurnedInAnnotation: 'NO',
    RecognizableVisualFeatures: m.recognizableFeatures ? 'YES' : 'NO',
    LossyImageCompression: '01',
    LossyImageCompressionRatio: ratio.toFixed(2),
    LossyImageCompressionMethod: 'ISO_10918_1',
    SamplesPerPixel: samples,
    PhotometricInterpretation: photometric(f, image.adobeTransform),
    Rows: f.height,
    Columns: f.width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    ...(dms ? dermoscopicModule(m) : {}),
  }
  if (samples > 1) ds.PlanarConfiguration = 0
  // ICC Profile module (PS3.3 C.11.15): viewers ignore the profile inside the JPEG stream.
  if (image.iccProfile !== undefined && samples > 1) ds.ICCProfile = image.iccProfile.slice().buffer
  ds._vrMap = { ICCProfile: 'OB' }
  return ds
}

/**
 * Wraps a stripped baseline JPEG as a DICOM Part 10 file without decoding it: VL Photographic
 * Image (overview, close-up) or Dermoscopic Photography Image (Supplement 221), transfer syntax
 * JPEG Baseline (1.2.840.10008.1.2.4.50), one frame in one fragment. Our own Explicit VR Little
 * Endian writer encodes the header (no DICOM toolkit is bundled); the encapsulated Pixel Data, the
 * last element, is appended with one copy of the JPEG.
 *
 * @category dicom
 */
export function wrapJpegAsDicom(image: StrippedJpeg, meta: DicomImageMeta): E.Either<Unsupported, Uint8Array> {
  const blocker = dicomWrapBlocker(image)
  if (blocker) return E.left(blocker)
  const ds = buildDicomDataset(image, meta)
  const fileMeta = {
    FileMetaInformationVersion: Uint8Array.of(0, 1).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: meta.sopInstanceUid,
    TransferSyntaxUID: DICOM_UIDS.jpegBaseline,
    ImplementationClassUID: DICOM_UIDS.implementationClass,
    ImplementationVersionName: 'OPENWARD_0',
  }
  return E.right(concatBytes([encodePart10(fileMeta, ds), ...encapsulatedPixelDataParts(image.bytes)]))
}
