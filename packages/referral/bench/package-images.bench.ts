import * as E from 'fp-ts/lib/Either.js'
import sharp from 'sharp'
import { bench, describe } from 'vitest'

import { digestBytes, packageReferral, type ReferralInput, stripJpeg, wrapJpegAsDicom } from '../src/index.js'
import { nodeHasher } from '../src/node/index.js'
// The real 12.3 MP Google Pixel photo (4048x3036, 4.06 MB, MIT; see shared PROVENANCE.md).
import { photo } from './bench-photo.js'
import { sameWorkFloor } from './floor.js'

const stripped = (() => {
  const r = stripJpeg(photo)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
})()

const input: ReferralInput = {
  patient: { nhsNumber: '9990000018', family: 'TESTPATIENT', given: ['Alex'] },
  referral: {
    reason: 'Changing pigmented lesion',
    specialty: 'Dermatology',
    priority: 'urgent',
    requester: { display: 'Dr Alice GP' },
    consentRecorded: true,
  },
  images: [
    { fileName: 'photo.jpg', bytes: photo, role: 'close-up', bodySite: { code: '14975008', display: 'Forearm' } },
  ],
}

const meta = {
  patient: input.patient,
  studyInstanceUid: '2.25.1',
  seriesInstanceUid: '2.25.2',
  sopInstanceUid: '2.25.3',
  seriesNumber: 1,
  instanceNumber: 1,
  role: 'close-up' as const,
  sopClass: 'vl-photographic' as const,
  device: { manufacturer: 'Acme', model: 'Cam', serialNumber: '1', softwareVersion: '1' },
  capturedAt: new Date(),
  createdAt: new Date(),
  recognizableFeatures: false,
}

const opts = { time: 3000, warmupTime: 500 }
let _sink = 0

// vitest runs these one after another, not interleaved; the interleaved figures (medians of
// per-round ratios against the same-work floor) are in same-work-floor.ts and cpu-time.ts.

describe('12 MP JPEG, one image per run: ours end to end vs sharp re-encoding', () => {
  bench(
    'openward: strip + hashes + DICOM + FHIR bundle (packageReferral)',
    async () => {
      const r = await packageReferral(input)()
      if (E.isLeft(r)) throw new Error(r.left.message)
    },
    opts,
  )
  bench(
    'openward, same pipeline with nodeHasher (node:crypto instead of Web Crypto)',
    async () => {
      const r = await packageReferral({ ...input, options: { hasher: nodeHasher } })()
      if (E.isLeft(r)) throw new Error(r.left.message)
    },
    opts,
  )
  bench(
    'same-work floor: two copies, SHA-256, SHA-1, base64 (node:crypto + Buffer)',
    () => {
      _sink += sameWorkFloor(photo)
    },
    opts,
  )
  bench(
    'baseline: sharp decode + re-encode JPEG q92',
    async () => {
      await sharp(photo).jpeg({ quality: 92 }).toBuffer()
    },
    opts,
  )
})

describe('12 MP JPEG: the steps on their own', () => {
  bench('strip (byte-level segment filter)', () => void stripJpeg(photo), opts)
  bench('hashes (SHA-256 + SHA-1, Web Crypto)', async () => void (await digestBytes(stripped.bytes)), opts)
  // stripJpeg's output has no room around it, so this is the copying path (packageReferral writes in place).
  bench('DICOM wrap (our header + the frame copied)', () => void wrapJpegAsDicom(stripped, meta), opts)
})
