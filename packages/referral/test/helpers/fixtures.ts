import { type DicomImageMeta, randomUuid, uuidToDicomUid } from '../../src/index.js'

export const TEST_NHS = '9990000018'

export const dicomMeta = (over: Partial<DicomImageMeta> = {}): DicomImageMeta => ({
  patient: { nhsNumber: TEST_NHS, family: 'TESTPATIENT', given: ['Alex'], birthDate: '1980-01-02', gender: 'female' },
  studyInstanceUid: uuidToDicomUid(randomUuid()),
  seriesInstanceUid: uuidToDicomUid(randomUuid()),
  sopInstanceUid: uuidToDicomUid(randomUuid()),
  seriesNumber: 1,
  instanceNumber: 1,
  role: 'close-up',
  sopClass: 'vl-photographic',
  bodySite: { code: '14975008', display: 'Forearm', laterality: 'left' },
  device: { manufacturer: 'Acme', model: 'DermCam 2', serialNumber: 'SN-1', softwareVersion: '1.2' },
  capturedAt: new Date('2026-11-20T10:11:12Z'),
  createdAt: new Date('2026-11-22T09:00:00Z'),
  accessionNumber: '000012345678',
  referringPhysician: 'GP^Alice',
  recognizableFeatures: false,
  ...over,
})
