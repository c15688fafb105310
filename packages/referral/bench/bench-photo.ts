// The photo both referral CPU benchmarks package: a real 12.3 MP phone JPEG from the shared test
// images, and the one-image referral around it.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { type ReferralInput } from '../src/index.js'

export const photo = new Uint8Array(
  readFileSync(
    fileURLToPath(new URL('../../../../shared/data/images/jpeg/exifr__IMG_20180725_163423.jpg', import.meta.url)),
  ),
)

export const photoReferral: ReferralInput = {
  patient: { nhsNumber: '9990000018' },
  referral: {
    reason: 'bench',
    specialty: 'Dermatology',
    priority: 'routine',
    requester: { display: 'Dr' },
    consentRecorded: true,
  },
  images: [
    { fileName: 'photo.jpg', bytes: photo, role: 'close-up', bodySite: { code: '14975008', display: 'Forearm' } },
  ],
}
