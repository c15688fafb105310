import { createHash } from 'node:crypto'

import { validateResource } from '@openward/validators'
import { describe, expect, it } from 'vitest'

import { packageReferral, type ReferralPackage, type TransactionBundle } from '../src/index.js'
import { readDicom } from './helpers/dicom-read.js'
import { TEST_NHS } from './helpers/fixtures.js'
import { image, referralInput } from './helpers/referral-input.js'
import { left, right } from './helpers/right.js'
import { readShared } from './helpers/shared-data.js'

const dermSet = () => [
  image('jpeg/exifr__IMG_20180725_163423-tiny.jpg', 'overview'),
  image('jpeg/exif-samples__HMD_Nokia_8.3_5G.jpg', 'close-up'),
  image('jpeg/exiftool__Google.jpg', 'dermoscopic'),
  image('dicom/dcmjs__sample-op.dcm', 'retinal'),
]

const byUrl = (b: TransactionBundle) => new Map(b.entry.map((e) => [e.fullUrl, e.resource]))
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const sha1b64 = (b: Uint8Array) => createHash('sha1').update(b).digest('base64')

function checkAttachments(pkg: ReferralPackage, attachmentOf: (r: any) => any) {
  const resources = byUrl(pkg.bundle)
  const files = new Map(pkg.files.map((f) => [f.path, f.bytes]))
  const images = pkg.bundle.entry.filter(
    (e) => e.resource.resourceType === 'Media' || e.resource.resourceType === 'DocumentReference',
  )
  for (const e of images) {
    const att = attachmentOf(e.resource)
    const binary = resources.get(att.url) as any
    expect(binary.resourceType).toBe('Binary')
    const data = Buffer.from(binary.data, 'base64')
    expect(att.size).toBe(data.length)
    expect(att.hash).toBe(sha1b64(data))
    expect(binary.contentType).toBe(att.contentType)
    expect(Buffer.compare(data, files.get(att.title)!)).toBe(0)
  }
  return images.length
}

describe('packageReferral: dermatology set + optometrist DICOM, Media mode', async () => {
  const inputs = dermSet()
  const pkg = right(await packageReferral(referralInput(inputs))())
  const resources = byUrl(pkg.bundle)

  it('builds a transaction bundle whose urn:uuid references all resolve', () => {
    const refs = JSON.stringify(pkg.bundle.entry.map((e) => ({ ...e.resource, data: undefined }))).match(
      /urn:uuid:[0-9a-f-]+/g,
    )!
    expect(refs.length).toBeGreaterThan(10)
    for (const r of refs) expect(resources.has(r), r).toBe(true)
    expect(pkg.bundle.entry.map((e) => e.resource.resourceType)).toEqual([
      'Patient',
      'ServiceRequest',
      ...inputs.flatMap(() => ['Media', 'Binary']),
    ])
    const [patient, sr] = pkg.bundle.entry
    expect(patient!.request.ifNoneExist).toBe(`identifier=https://fhir.nhs.uk/Id/nhs-number|${TEST_NHS}`)
    expect(sr!.request.ifNoneExist).toBe('identifier=https://fhir.nhs.uk/Id/UBRN|000012345678')
    expect(sr!.resource).toMatchObject({
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      reasonCode: [{ text: 'Changing pigmented lesion' }],
      performerType: { text: 'Dermatology' },
    })
    expect((sr!.resource as any).supportingInfo).toHaveLength(4)
    for (const e of pkg.bundle.entry.filter((x) => x.resource.resourceType === 'Media'))
      expect(e.request.ifNoneExist).toMatch(/^identifier=urn:ietf:rfc:3986\|urn:oid:/)
  })

  it('every Attachment size and SHA-1 hash match its Binary and the package file', () => {
    expect(checkAttachments(pkg, (r) => r.content)).toBe(4)
  })

  it('passes @openward/validators validateResource (R4 structure and invariants), payloads included', () => {
    const r = validateResource(pkg.bundle, {})
    expect(r.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([])
    expect(r.valid).toBe(true)
  })

  it('every packaged file owns its buffer: taking `bytes.buffer` whole gives that file and nothing around it', () => {
    // A Blob of `file.bytes.buffer`, a Web Crypto digest of it or a worker transfer must never carry a
    // neighbouring file (a DICOM header with the patient's name around a clean image).
    for (const f of pkg.files) {
      expect(f.bytes.byteOffset, f.path).toBe(0)
      expect(f.bytes.byteLength, f.path).toBe(f.bytes.buffer.byteLength)
    }
  })

  it('bundle.json is exactly JSON.stringify of the returned bundle', () => {
    const file = pkg.files.find((f) => f.path === 'bundle.json')!
    expect(Buffer.from(file.bytes).toString('utf8')).toBe(JSON.stringify(pkg.bundle))
  })

  it('manifest hashes match the files; the OP DICOM is passed through byte for byte', () => {
    const files = new Map(pkg.files.map((f) => [f.path, f.bytes]))
    for (const m of pkg.manifest.files) expect(sha256(files.get(m.path)!), m.path).toBe(m.sha256)
    const op = pkg.manifest.files.find((f) => f.role === 'dicom-passthrough')!
    expect(sha256(readShared('dicom/dcmjs__sample-op.dcm'))).toBe(op.sha256)
    expect(pkg.manifest.files.find((f) => f.path === 'images/02-close-up.jpg')!.stripped!.map((s) => s.kind)).toContain(
      'exif',
    )
    expect(pkg.files.map((f) => f.path)).toEqual([
      'bundle.json',
      'images/01-overview.jpg',
      'dicom/01-overview.dcm',
      'images/02-close-up.jpg',
      'dicom/02-close-up.dcm',
      'images/03-dermoscopic.jpg',
      'dicom/03-dermoscopic.dcm',
      'dicom/04-retinal.dcm',
      'manifest.json',
    ])
  })

  it('wrapped DICOM share one study, use one series per SOP class/role, and the DMS class for dermoscopy', () => {
    const dcm = ['dicom/01-overview.dcm', 'dicom/02-close-up.dcm', 'dicom/03-dermoscopic.dcm'].map(
      (p) => readDicom(pkg.files.find((f) => f.path === p)!.bytes).ds,
    )
    expect(new Set(dcm.map((d) => d.StudyInstanceUID)).size).toBe(1)
    expect(dcm[0]!.StudyInstanceUID).toBe(pkg.manifest.studyInstanceUid)
    expect(new Set(dcm.map((d) => d.SeriesInstanceUID)).size).toBe(3)
    expect(dcm.map((d) => d.Modality)).toEqual(['XC', 'XC', 'DMS'])
    expect(dcm[2]!.AccessionNumber).toBe('000012345678')
    const media = pkg.bundle.entry.filter((e) => e.resource.resourceType === 'Media').map((e) => e.resource as any)
    expect(media.slice(0, 3).map((m) => m.identifier[0].value)).toEqual(dcm.map((d) => `urn:oid:${d.SOPInstanceUID}`))
    expect(media[3].modality.coding[0].code).toBe('OP')
  })

  it('warns about low resolution and the device PatientID, not about the complete set', () => {
    const codes = pkg.manifest.warnings.map((w) => w.code)
    expect(codes).toContain('low-resolution')
    expect(codes).toContain('patient-id')
    expect(codes).not.toContain('missing-view')
    expect(codes).not.toContain('consent-not-recorded')
    expect(JSON.stringify(pkg.manifest)).not.toContain('Nokia')
  })
})

describe('packageReferral: DocumentReference mode and refusals', () => {
  it('DocumentReference + Binary with matching sizes and hashes', async () => {
    const input = referralInput([image('jpeg/exiftool__GPS.jpg', 'close-up')])
    const pkg = right(
      await packageReferral({ ...input, options: { ...input.options, fhirMode: 'document-reference' } })(),
    )
    expect(pkg.bundle.entry.map((e) => e.resource.resourceType)).toEqual([
      'Patient',
      'ServiceRequest',
      'DocumentReference',
      'Binary',
    ])
    expect(checkAttachments(pkg, (r) => r.content[0].attachment)).toBe(1)
  })

  it('typed errors: HEIC, bad NHS number, no images, over the per-file and per-referral limits', async () => {
    const heic = {
      fileName: 'IMG_0001.HEIC',
      bytes: Uint8Array.of(0, 0, 0, 24, ...Buffer.from('ftypheicmif1')),
      role: 'close-up' as const,
    }
    expect(left(await packageReferral(referralInput([heic]))())).toMatchObject({
      _tag: 'HeicNotSupported',
      fileName: 'IMG_0001.HEIC',
    })
    const bad = referralInput([image('jpeg/exiftool__GPS.jpg', 'close-up')])
    expect(left(await packageReferral({ ...bad, patient: { nhsNumber: '9990000019' } })())).toMatchObject({
      _tag: 'InvalidReferral',
      field: 'patient.nhsNumber',
    })
    expect(left(await packageReferral(referralInput([]))())._tag).toBe('InvalidReferral')
    const tight = (max: number, total: number) => ({
      ...bad.options,
      sizePolicy: { maxFileBytes: max, maxReferralBytes: total, onOversize: 'error' as const },
    })
    expect(left(await packageReferral({ ...bad, options: tight(500, 1e6) })())).toMatchObject({
      _tag: 'SizeLimitExceeded',
      scope: 'file',
    })
    const two = referralInput([
      image('jpeg/exiftool__GPS.jpg', 'close-up'),
      image('jpeg/exiftool__IPTC.jpg', 'overview'),
    ])
    expect(left(await packageReferral({ ...two, options: tight(1000, 1000) })())).toMatchObject({
      _tag: 'SizeLimitExceeded',
      scope: 'referral',
    })
    const notImage = { fileName: 'notes.txt', bytes: Buffer.from('hello'), role: 'other' as const }
    expect(left(await packageReferral(referralInput([notImage]))())._tag).toBe('NotAnImage')
  })

  it('guidance warnings: missing views, missing body site, consent not recorded', async () => {
    const input = referralInput([image('jpeg/exiftool__GPS.jpg', 'close-up', false)])
    const pkg = right(await packageReferral({ ...input, referral: { ...input.referral, consentRecorded: false } })())
    const w = pkg.manifest.warnings.map((x) => x.code)
    expect(w.filter((c) => c === 'missing-view')).toHaveLength(2)
    expect(w).toContain('missing-body-site')
    expect(w).toContain('consent-not-recorded')
  })

  it('an oversize file is downscaled only through an explicit downscaler, and flagged everywhere', async () => {
    const original = readShared('jpeg/exifr__IMG_20180725_163423-tiny.jpg')
    const small = readShared('jpeg/exiftool__GPS.jpg') // stands in for the re-encoded copy (unit test: fake downscaler)
    const input = referralInput([image('jpeg/exifr__IMG_20180725_163423-tiny.jpg', 'close-up')])
    const downscaler = { describe: 'test downscaler', downscale: async () => small }
    const options = {
      ...input.options,
      sizePolicy: { maxFileBytes: 100_000, maxReferralBytes: 1e6, onOversize: 'downscale' as const },
      downscaler,
    }
    const pkg = right(await packageReferral({ ...input, options })())
    const derived = pkg.manifest.files.find((f) => f.role === 'derived-image')!
    expect(derived.derived).toMatchObject({
      reason: 'size-limit',
      method: 'test downscaler',
      fromSize: expect.any(Number),
    })
    expect(derived.size).toBeLessThanOrEqual(100_000)
    const media = pkg.bundle.entry.find((e) => e.resource.resourceType === 'Media')!.resource as any
    expect(media.content.title).toBe(derived.path)
    expect(media.note[0].text).toMatch(/re-encoded \(lossy\)/)
    expect(pkg.manifest.warnings.some((w) => w.file === derived.path)).toBe(true)
    expect(original.length).toBeGreaterThan(100_000)
    // The full-resolution stripped original stays in the package (and in DICOM) for PACS routes.
    expect(pkg.manifest.files.map((f) => f.role)).toEqual([
      'fhir-bundle',
      'clean-image',
      'dicom-wrapped',
      'derived-image',
    ])
    const { downscaler: _unused, ...noScaler } = options
    expect(left(await packageReferral({ ...input, options: noScaler })())._tag).toBe('SizeLimitExceeded')
  })
})

describe('bundle validation catches what it should', () => {
  it('a dangling urn:uuid reference and an invalid resource are BundleInvalid', async () => {
    const { validateBundle } = await import('../src/index.js')
    const pkg = right(await packageReferral(referralInput([image('jpeg/exiftool__GPS.jpg', 'close-up')]))())
    const [patient, sr, ...rest] = pkg.bundle.entry
    const dangling = { ...pkg.bundle, entry: [sr!, ...rest] }
    expect(left(validateBundle(dangling))).toMatchObject({ _tag: 'BundleInvalid' })
    const badStatus = {
      ...pkg.bundle,
      entry: [patient!, { ...sr!, resource: { ...sr!.resource, status: 42 } }, ...rest],
    }
    expect(left(validateBundle(badStatus)).issues.join(' ')).toMatch(/status/i)
  })
})

describe('packageReferral: time comes from the one injectable clock', () => {
  it('options.clock sets the package time exactly as the deprecated options.now did', async () => {
    const at = new Date('2026-11-22T09:00:00Z')
    const input = referralInput([image('jpeg/exiftool__GPS.jpg', 'close-up')])
    const viaNow = right(await packageReferral(input)())
    const { now: _unused, ...rest } = input.options ?? {}
    const viaClock = right(
      await packageReferral({ ...input, options: { ...rest, clock: { now: () => at.getTime() } } })(),
    )
    expect(viaClock.manifest.createdAt).toBe(at.toISOString())
    expect(viaClock.manifest.createdAt).toBe(viaNow.manifest.createdAt)
    expect(viaClock.bundle.timestamp).toBe(viaNow.bundle.timestamp)
  })
})
