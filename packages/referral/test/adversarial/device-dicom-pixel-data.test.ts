// Adversarial suite, class "identifying data that survives packaging": device DICOM is forwarded
// unchanged, so metadata inside its encapsulated pixel data (a camera JPEG with Exif GPS and serial
// numbers, a comment, an ICC profile) must make it refused with a typed reason.
import { describe, expect, it } from 'vitest'

import { buildDicomDataset, checkDeviceDicom, DICOM_UIDS, stripJpeg } from '../../src/index.js'
import { dcmjsData } from '../helpers/dcmjs.js'
import { dicomMeta, TEST_NHS } from '../helpers/fixtures.js'
import { left, right } from '../helpers/right.js'
import { readShared } from '../helpers/shared-data.js'
import { craftIccProfile, iccApp2, insertAfterSoi, PLANTED, segment } from './craft.js'

const clean = right(stripJpeg(readShared('jpeg/exiftool__GPS.jpg')))

/** An OP (ophthalmic photography) object whose one frame is `frame`, as a device would write it. */
function deviceDicom(frame: Uint8Array, transferSyntax: string = DICOM_UIDS.jpegBaseline): Uint8Array {
  const ds: Record<string, unknown> = {
    ...buildDicomDataset(clean, dicomMeta()),
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.77.1.5.1',
    Modality: 'OP',
    PatientID: TEST_NHS,
  }
  ds.PixelData = [new Uint8Array(frame).buffer] // a copy: a pooled Buffer's .buffer is the whole pool
  ds._vrMap = { PixelData: 'OB' }
  const meta = {
    FileMetaInformationVersion: Uint8Array.of(0, 1).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: transferSyntax,
    ImplementationClassUID: DICOM_UIDS.implementationClass,
  }
  const dict = new dcmjsData.DicomDict(dcmjsData.DicomMetaDictionary.denaturalizeDataset(meta))
  dict.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset(ds)
  return new Uint8Array(dict.write({ fragmentMultiframe: false }))
}

const text = Buffer.from(PLANTED, 'latin1')
const exif = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0MM\0*', 'latin1'), text]))

describe('device DICOM: metadata inside encapsulated pixel data', () => {
  it('a clean JPEG frame passes', () => {
    expect(right(checkDeviceDicom(deviceDicom(clean.bytes), TEST_NHS)).modality).toBe('OP')
  })

  it.each([
    ['the real camera JPEG with Exif GPS and serials', readShared('jpeg/exiftool__GPS.jpg'), /Exif/],
    ['a comment', insertAfterSoi(clean.bytes, [segment(0xfe, text)]), /comment/],
    ['Exif with a serial number', insertAfterSoi(clean.bytes, [exif]), /Exif/],
    ['an ICC profile with text', insertAfterSoi(clean.bytes, iccApp2(craftIccProfile())), /ICC/],
    ['a vendor APP segment', insertAfterSoi(clean.bytes, [segment(0xe9, text)]), /APP9/],
    ['data after the JPEG stream', Buffer.concat([clean.bytes, text]), /after the end/],
  ])('refuses %s with reason pixel-data-metadata', (_name, frame, what) => {
    const e = left(checkDeviceDicom(deviceDicom(frame), TEST_NHS))
    expect(e).toMatchObject({ _tag: 'DicomRejected', reason: 'pixel-data-metadata' })
    expect(e.message, e.message).toMatch(what)
    expect(e.message).not.toContain(PLANTED) // the refusal itself never quotes the data
  })

  it('refuses an encapsulation it cannot read rather than pass it unchecked', () => {
    const e = left(checkDeviceDicom(deviceDicom(clean.bytes, '1.2.840.10008.1.2.4.100'), TEST_NHS))
    expect(e).toMatchObject({ reason: 'pixel-data-metadata' })
    expect(e.message).toMatch(/cannot be checked/)
  })

  it('still accepts the real Heidelberg OP object (JPEG lossless frames, nothing else inside)', () => {
    expect(checkDeviceDicom(readShared('dicom/dcmjs__sample-op.dcm'), '0819')._tag).toBe('Right')
  })
})
