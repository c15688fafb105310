import { dcmjsData } from './helpers/dcmjs.js'
import { describe, expect, it } from 'vitest'

import { buildDicomDataset, checkDeviceDicom, DICOM_UIDS, stripJpeg } from '../src/index.js'
import { dicomMeta, TEST_NHS } from './helpers/fixtures.js'
import { left, right } from './helpers/right.js'
import { readShared } from './helpers/shared-data.js'

const op = readShared('dicom/dcmjs__sample-op.dcm')

function dicomWithGps(): Uint8Array {
  const stripped = right(stripJpeg(readShared('jpeg/exiftool__GPS.jpg')))
  const ds: Record<string, unknown> = {
    ...buildDicomDataset(stripped, dicomMeta()),
    GPSLatitude: 51.5,
    GPSLongitude: -0.12,
  }
  ds.PixelData = [stripped.bytes.slice().buffer]
  ds._vrMap = { PixelData: 'OB' }
  const meta = {
    FileMetaInformationVersion: Uint8Array.of(0, 1).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: DICOM_UIDS.jpegBaseline,
    ImplementationClassUID: DICOM_UIDS.implementationClass,
  }
  const dict = new dcmjsData.DicomDict(dcmjsData.DicomMetaDictionary.denaturalizeDataset(meta))
  dict.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset(ds)
  return new Uint8Array(dict.write({ fragmentMultiframe: false }))
}

describe('device DICOM pass-through checks', () => {
  it('accepts the real Heidelberg Spectralis OP object (imperfect as it is) when identity is left to the receiver', () => {
    const c = right(checkDeviceDicom(op, TEST_NHS, 'warn', 'sample-op.dcm'))
    expect(c).toMatchObject({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.77.1.5.1',
      modality: 'OP',
      rows: 1536,
      columns: 1536,
      patientId: '0819',
    })
    expect(c.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.70')
    expect(c.warnings[0]).toMatch(/PatientID '0819'/)
  })

  it('rejects it by default because its PatientID is not the referral’s NHS number', () => {
    expect(left(checkDeviceDicom(op, TEST_NHS))).toMatchObject({ _tag: 'DicomRejected', reason: 'patient-mismatch' })
    expect(checkDeviceDicom(op, '0819')._tag).toBe('Right')
  })

  it('rejects SOP classes outside the pass-through list, GPS geolocation, and non-DICOM bytes', () => {
    const sc = readShared('dicom/pydicom__SC_rgb_jpeg_dcmtk.dcm')
    expect(left(checkDeviceDicom(sc, 'ID1'))).toMatchObject({ reason: 'sop-class' })
    expect(left(checkDeviceDicom(dicomWithGps(), TEST_NHS))).toMatchObject({ reason: 'geolocation' })
    expect(left(checkDeviceDicom(new Uint8Array(200), TEST_NHS))).toMatchObject({ reason: 'unreadable' })
    const broken = op.slice(0, 400)
    expect(left(checkDeviceDicom(broken, '0819'))._tag).toBe('DicomRejected')
  })

  it('accepts a VL Photographic object from another toolkit', () => {
    const vl = readShared('dicom/dicom4ortho__test-vl-photographic.dcm')
    expect(right(checkDeviceDicom(vl, '99999')).modality).toBe('XC')
  })
})
