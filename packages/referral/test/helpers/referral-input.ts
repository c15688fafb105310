import { type ReferralImageInput, type ReferralInput, parseBodySite } from '../../src/index.js'
import { TEST_NHS } from './fixtures.js'
import { readShared } from './shared-data.js'

const site = parseBodySite('left forearm')!

export const image = (file: string, role: ReferralImageInput['role'], withSite = true): ReferralImageInput => ({
  fileName: file.split('/').at(-1)!,
  bytes: readShared(file),
  role,
  ...(withSite ? { bodySite: site } : {}),
  capturedAt: new Date('2026-11-20T10:00:00Z'),
})

let n = 0
/** Deterministic UUIDs so tests can be read; still unique within a run. */
export const testUuid = () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`

export const referralInput = (images: ReferralImageInput[], over: Partial<ReferralInput> = {}): ReferralInput => ({
  patient: { nhsNumber: TEST_NHS, family: 'TESTPATIENT', given: ['Alex'], birthDate: '1980-01-02', gender: 'female' },
  referral: {
    reason: 'Changing pigmented lesion',
    specialty: 'Dermatology',
    priority: 'urgent',
    requester: { display: 'Dr Alice GP', odsCode: 'A12345' },
    consentRecorded: true,
    ubrn: '000012345678',
  },
  images,
  options: { now: () => new Date('2026-11-22T09:00:00Z'), uuid: testUuid, devicePatientIdPolicy: 'warn' },
  ...over,
})
