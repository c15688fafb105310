import { dcmjsData } from './helpers/dcmjs.js'
import * as E from 'fp-ts/lib/Either.js'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { buildDicomDataset, DICOM_UIDS, dicomWrapBlocker, stripJpeg, wrapJpegAsDicom } from '../src/index.js'
import { readDicom } from './helpers/dicom-read.js'
import { dicomMeta, TEST_NHS } from './helpers/fixtures.js'
import { left, right } from './helpers/right.js'
import { readShared, sharedJpegs } from './helpers/shared-data.js'

const REQUIRED = [
  'SOPClassUID',
  'SOPInstanceUID',
  'SpecificCharacterSet',
  'InstanceCreationDate',
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'IssuerOfPatientIDQualifiersSequence',
  'PatientBirthDate',
  'PatientSex',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'AccessionNumber',
  'StudyID',
  'Modality',
  'SeriesInstanceUID',
  'SeriesNumber',
  'Manufacturer',
  'InstanceNumber',
  'ContentDate',
  'ContentTime',
  'ImageType',
  'LossyImageCompression',
  'LossyImageCompressionRatio',
  'LossyImageCompressionMethod',
  'BurnedInAnnotation',
  'RecognizableVisualFeatures',
  'AnatomicRegionSequence',
  'ImageLaterality',
  'SamplesPerPixel',
  'PhotometricInterpretation',
  'Rows',
  'Columns',
  'BitsAllocated',
  'BitsStored',
  'HighBit',
  'PixelRepresentation',
  'PixelData',
]
// Type 2 attributes that must be present (possibly empty) in dcmjs's re-read.
const TYPE2_EMPTY = ['PatientOrientation', 'AcquisitionContextSequence', 'ReferringPhysicianName']
const DMS_ONLY = [
  'DeviceSerialNumber',
  'SoftwareVersions',
  'LightSourcePolarization',
  'ContactMethod',
  'OpticalMagnificationFactor',
]

const wrappable = sharedJpegs().filter((n) => dicomWrapBlocker(right(stripJpeg(readShared(`jpeg/${n}`)))) === undefined)

describe.each(wrappable)('DICOM wrap of %s', (name) => {
  const stripped = right(stripJpeg(readShared(`jpeg/${name}`)))

  it.each(['vl-photographic', 'dermoscopic'] as const)(
    '%s: re-read by dcmjs with the required attributes and the JPEG as one fragment',
    async (sopClass) => {
      const bytes = right(
        wrapJpegAsDicom(
          stripped,
          dicomMeta({
            sopClass,
            dermoscopy: { polarization: 'POLARIZED', contact: 'CONTACT', immersionMedia: 'ALCOHOL', magnification: 10 },
          }),
        ),
      )
      const { ds, meta } = readDicom(bytes)
      for (const k of [...REQUIRED, ...TYPE2_EMPTY, ...(sopClass === 'dermoscopic' ? DMS_ONLY : [])])
        expect(ds, k).toHaveProperty(k)
      expect(meta.TransferSyntaxUID).toBe(DICOM_UIDS.jpegBaseline)
      expect(ds.SOPClassUID).toBe(sopClass === 'dermoscopic' ? DICOM_UIDS.dermoscopic : DICOM_UIDS.vlPhotographic)
      expect(ds.Modality).toBe(sopClass === 'dermoscopic' ? 'DMS' : 'XC')
      expect([ds.Rows, ds.Columns]).toEqual([stripped.frame.height, stripped.frame.width])
      expect(ds.PatientID).toBe(TEST_NHS)
      expect(ds.AnatomicRegionSequence[0]).toMatchObject({ CodeValue: '14975008', CodingSchemeDesignator: 'SCT' })
      expect(ds.AnatomicRegionSequence[0].AnatomicRegionModifierSequence[0].CodeValue).toBe('7771000')
      expect(ds.ImageLaterality).toBe('L')
      expect(ds.PixelData).toHaveLength(1)
      const frame = new Uint8Array(ds.PixelData[0])
      expect(Buffer.compare(frame.subarray(0, stripped.bytes.length), stripped.bytes)).toBe(0)
      expect(frame.length - stripped.bytes.length).toBe(stripped.bytes.length & 1)
      if (stripped.iccProfile) expect(Buffer.compare(new Uint8Array(ds.ICCProfile[0]), stripped.iccProfile)).toBe(0)
    },
  )

  it('photometric interpretation matches the JPEG sampling', async () => {
    const ds = buildDicomDataset(stripped, dicomMeta())
    const m = await sharp(stripped.bytes).metadata()
    const expected = m.channels === 1 ? 'MONOCHROME2' : m.chromaSubsampling === '4:4:4' ? 'YBR_FULL' : 'YBR_FULL_422'
    expect(ds.PhotometricInterpretation).toBe(expected)
  })
})

describe('photometric interpretation of generated JPEGs', () => {
  const make = (o: { grey?: boolean; chroma?: string }) => {
    const img = sharp({ create: { width: 32, height: 16, channels: 3, background: '#3080c0' } })
    return (o.grey ? img.greyscale().toColourspace('b-w') : img)
      .jpeg({ chromaSubsampling: o.chroma ?? '4:2:0' })
      .toBuffer()
  }
  it.each([
    ['4:4:4 colour', { chroma: '4:4:4' }, 'YBR_FULL', 3],
    ['4:2:0 colour', { chroma: '4:2:0' }, 'YBR_FULL_422', 3],
    ['greyscale', { grey: true }, 'MONOCHROME2', 1],
  ] as const)('%s', async (_, o, expected, samples) => {
    const s = right(stripJpeg(await make(o)))
    const { ds } = readDicom(right(wrapJpegAsDicom(s, dicomMeta())))
    expect([ds.PhotometricInterpretation, ds.SamplesPerPixel]).toEqual([expected, samples])
    expect(ds.PlanarConfiguration).toBe(samples === 3 ? 0 : undefined)
  })
})

describe('DICOM wrap limits', () => {
  it('refuses orientation != 1 and progressive JPEG (no re-encoding behind the user’s back)', async () => {
    const f6 = right(stripJpeg(readShared('jpeg/exifr__orientation-f6t.jpg')))
    expect(left(wrapJpegAsDicom(f6, dicomMeta()))).toMatchObject({ _tag: 'Unsupported', what: 'EXIF orientation' })
    const progressive = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c08040' } })
      .jpeg({ progressive: true })
      .toBuffer()
    const p = right(stripJpeg(progressive))
    expect(p.frame.sof).toBe(0xc2)
    expect(left(wrapJpegAsDicom(p, dicomMeta()))).toMatchObject({ _tag: 'Unsupported', what: 'non-baseline JPEG' })
  })

  it('matches the feasibility probe’s golden VL Photographic object: image attributes and decoded pixels', async () => {
    const golden = readDicom(readShared('generated/probe__pixel-tiny__vl-photographic.dcm'))
    const stripped = right(stripJpeg(readShared('jpeg/exifr__IMG_20180725_163423-tiny.jpg')))
    const ours = readDicom(right(wrapJpegAsDicom(stripped, dicomMeta())))
    const attrs = ['SOPClassUID', 'Modality', 'Rows', 'Columns', 'SamplesPerPixel', 'PhotometricInterpretation']
    for (const k of [...attrs, 'BitsAllocated', 'PlanarConfiguration', 'LossyImageCompressionMethod']) {
      expect(ours.ds[k], k).toEqual(golden.ds[k])
    }
    expect(ours.meta.TransferSyntaxUID).toBe(golden.meta.TransferSyntaxUID)
    expect(golden.ds.PixelData).toHaveLength(1)
    const decode = (ab: ArrayBuffer) => sharp(new Uint8Array(ab)).raw().toBuffer()
    expect(Buffer.compare(await decode(ours.ds.PixelData[0]), await decode(golden.ds.PixelData[0]))).toBe(0)
  })

  it('dcmjs reads our header and the appended encapsulated element as one dataset (no trailing garbage)', () => {
    const stripped = right(stripJpeg(readShared('jpeg/exiftool__GPS.jpg')))
    const bytes = right(wrapJpegAsDicom(stripped, dicomMeta()))
    const dict = dcmjsData.DicomMessage.readFile(bytes.slice().buffer)
    expect(Object.keys(dict.dict).at(-1)).toBe('7FE00010')
    expect(E.isRight(wrapJpegAsDicom(stripped, dicomMeta({ bodySite: undefined as never })))).toBe(true)
  })
})
